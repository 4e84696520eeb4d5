package com.seckill.inventory.stock;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The stock scripts, read from the classpath once. {@code RedisScript.of(Resource)} would re-check the
 * resource's last-modified time before every call: inside the packaged jar a nested-jar lookup and a
 * thrown exception per reservation, which the bench caught costing more CPU than the reservation itself.
 */
public final class LuaScripts {

    private LuaScripts() {
    }

    public static <T> RedisScript<T> load(String path, Class<T> resultType) {
        try {
            return RedisScript.of(new ClassPathResource(path).getContentAsString(StandardCharsets.UTF_8), resultType);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path, e);
        }
    }
}
