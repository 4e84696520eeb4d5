package com.seckill.orderconsumer.drain;

import com.seckill.order.OrderServiceApplication;
import com.seckill.testsupport.TestServers;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.UrlResource;

import java.net.MalformedURLException;
import java.net.URL;
import java.util.Properties;

/**
 * The test schema, created by order-service's own Flyway migrations, as in production: order-service
 * owns the orders table, this worker only inserts into it. Only the migrations are run, not the whole
 * order-service (which also wants Redis, its neighbours and secrets, none of which this worker needs).
 */
final class OrderSchema {

    static final String NAME = "seckill_order_it";

    private static boolean migrated; // guarded by OrderSchema.class

    private OrderSchema() {
    }

    /** Once per JVM; later calls return at once. */
    static synchronized void migrate() {
        if (migrated) {
            return;
        }
        Flyway.configure()
                .dataSource(TestServers.mysqlBaseUrl() + "/" + NAME + "?createDatabaseIfNotExist=true",
                        TestServers.mysqlUser(), TestServers.mysqlPassword())
                .locations(orderServiceMigrationLocations())
                .load()
                .migrate();
        migrated = true;
    }

    /** From order-service's application.yml, so the tests follow it wherever it keeps them. */
    private static String[] orderServiceMigrationLocations() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new UrlResource(orderServiceConfig()));
        Properties config = yaml.getObject();
        String locations = config == null ? null : config.getProperty("spring.flyway.locations");
        return (locations == null || locations.isBlank() ? "classpath:db/migration" : locations).split("\\s*,\\s*");
    }

    /** order-service's own application.yml, in its jar or classes folder; this module's comes first on the classpath. */
    private static URL orderServiceConfig() {
        URL codeSource = OrderServiceApplication.class.getProtectionDomain().getCodeSource().getLocation();
        try {
            return codeSource.getPath().endsWith("/")
                    ? new URL(codeSource, "application.yml")
                    : new URL("jar:" + codeSource + "!/application.yml");
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }
}
