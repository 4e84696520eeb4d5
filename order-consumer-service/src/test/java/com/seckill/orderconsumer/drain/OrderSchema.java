package com.seckill.orderconsumer.drain;

import com.seckill.testsupport.TestServers;
import org.flywaydb.core.Flyway;

/**
 * The test schema, created by the order domain's own Flyway migrations (module order-schema), as
 * order-service creates it in production: this worker only inserts into the orders table.
 */
final class OrderSchema {

    static final String NAME = "seckill_order_it";
    /** Where order-schema keeps them; order-service's application.yml names the same folder. */
    static final String MIGRATIONS = "classpath:db/migration/order";

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
                .locations(MIGRATIONS)
                .failOnMissingLocations(true)
                .load()
                .migrate();
        migrated = true;
    }
}
