package com.seckill.devinfra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** First run unpacks ~0.5 GB of MariaDB binaries to target/it/mariadb/mariadb-base; later runs reuse them. */
class EmbeddedMariaDbIT {

    @Test
    void rootConnectsOverTcpWithoutPasswordAndDataSurvivesARestart() throws Exception {
        Path dataDir = TestDirs.fresh("mariadb/data");

        try (EmbeddedMariaDb db = EmbeddedMariaDb.start(dataDir, 0)) {
            assertThat(db.jdbcUrl()).isEqualTo("jdbc:mysql://127.0.0.1:" + db.port());
            try (Connection c = connect(db, ""); Statement s = c.createStatement()) {
                assertThat(single(s, "select 1")).isEqualTo("1");
                s.execute("create database if not exists it_shop");
                s.execute("create table it_shop.item (id int primary key, name varchar(20))");
                s.execute("insert into it_shop.item values (1, 'phone')");
            }
        }

        try (EmbeddedMariaDb db = EmbeddedMariaDb.start(dataDir, 0)) {
            try (Connection c = connect(db, "/it_shop"); Statement s = c.createStatement()) {
                assertThat(single(s, "select name from item where id = 1")).isEqualTo("phone");
                assertThat(single(s, "select current_user()")).isEqualTo("root@127.0.0.1");
            }
        }
    }

    @Test
    void refusesADataDirectoryThatMariaDb4jWouldWipe() {
        Path underTmp = Path.of(System.getProperty("java.io.tmpdir"), "seckill-mariadb-it");
        assertThatThrownBy(() -> EmbeddedMariaDb.start(underTmp, 0))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("java.io.tmpdir");
    }

    private static Connection connect(EmbeddedMariaDb db, String database) throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl() + database, db.user(), db.password());
    }

    private static String single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }
}
