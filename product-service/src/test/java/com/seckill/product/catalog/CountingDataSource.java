package com.seckill.product.catalog;

import org.springframework.jdbc.datasource.DelegatingDataSource;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the SELECT statements the application sends through its DataSource: every prepared
 * statement and every plain statement execution whose SQL starts with SELECT. Exact, and blind to the
 * driver's own housekeeping, which does not go through the application's statements.
 */
public class CountingDataSource extends DelegatingDataSource {

    private final AtomicLong selects = new AtomicLong();

    public CountingDataSource(DataSource target) {
        super(target);
    }

    public long selects() {
        return selects.get();
    }

    @Override
    public Connection getConnection() throws SQLException {
        return counting(super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return counting(super.getConnection(username, password));
    }

    private Connection counting(Connection connection) {
        return proxy(Connection.class, connection, (target, method, args) -> {
            if (method.getName().startsWith("prepare") && args != null && args[0] instanceof String sql) {
                count(sql);
            }
            Object result = invoke(target, method, args);
            if (result instanceof Statement statement && method.getName().equals("createStatement")) {
                return proxy(Statement.class, statement, (s, m, a) -> {
                    if (m.getName().startsWith("execute") && a != null && a[0] instanceof String sql) {
                        count(sql);
                    }
                    return invoke(s, m, a);
                });
            }
            return result;
        });
    }

    private void count(String sql) {
        if (sql.strip().toUpperCase(Locale.ROOT).startsWith("SELECT")) {
            selects.incrementAndGet();
        }
    }

    private interface Handler<T> {
        Object handle(T target, java.lang.reflect.Method method, Object[] args) throws Throwable;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, T target, Handler<T> handler) {
        InvocationHandler invocation = (p, method, args) -> handler.handle(target, method, args);
        return (T) Proxy.newProxyInstance(CountingDataSource.class.getClassLoader(), new Class<?>[] {type}, invocation);
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
