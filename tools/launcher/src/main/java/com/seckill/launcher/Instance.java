package com.seckill.launcher;

import java.util.Optional;

/**
 * One process of a service. The first listens on the service's configured port and goes by the
 * service's name; any other (a second order-service to share the load, or to kill one of two) has
 * a port of its own and is named {@code <service>@<port>}: its pid file, log and working directory
 * carry that name, and {@code stop}, {@code logs} and {@code status} take it.
 */
public record Instance(Service service, int port, boolean extra) {

    static final char SEPARATOR = '@';

    /** The name on the command line and in file names: order-service, or order-service@8183. */
    public String name() {
        return extra ? service.displayName() + SEPARATOR + port : service.displayName();
    }

    /** The instance of {@code s} on {@code port}: the first one if that is its configured port. */
    public static Instance of(Service s, int port, SuiteConfig config) {
        return new Instance(s, port, port != config.port(s));
    }

    /** {@code name} as {@code <service>} or {@code <service>@<port>}; empty if it is neither. */
    public static Optional<Instance> parse(String name, SuiteConfig config) {
        int at = name.indexOf(SEPARATOR);
        if (at < 0) {
            return Service.byName(name).map(config::instance);
        }
        Optional<Service> service = Service.byName(name.substring(0, at));
        try {
            int port = Integer.parseInt(name.substring(at + 1));
            return service.map(s -> of(s, port, config));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
