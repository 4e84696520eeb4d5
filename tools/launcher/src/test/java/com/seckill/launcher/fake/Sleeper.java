package com.seckill.launcher.fake;

/**
 * A process with a native child. With "stubborn" it does not exit on SIGTERM (its shutdown hook
 * never returns), like a JVM stuck in shutdown.
 */
public final class Sleeper {

    public static void main(String[] args) throws Exception {
        // The hook goes in before the child exists: tests treat "child running" as "hook armed".
        if (args.length > 0 && args[0].equals("stubborn")) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException ignored) {
                    // test double
                }
            }));
        }
        Process child = new ProcessBuilder("sleep", "600").inheritIO().start();
        System.out.println("child " + child.pid());
        Thread.sleep(Long.MAX_VALUE);
    }
}
