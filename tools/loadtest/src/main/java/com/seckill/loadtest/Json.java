package com.seckill.loadtest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one field of the shop's small flat JSON answers; enough for a load tool without a JSON library. */
final class Json {

    // Read on every answer of a run: compiled once per field name, not once per answer.
    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    private Json() {
    }

    /** The field's value as text (a string's content, or a number's digits), or null when absent. */
    static String string(String json, String field) {
        Matcher m = PATTERNS.computeIfAbsent(field, name -> Pattern.compile(
                "\"" + Pattern.quote(name) + "\"\\s*:\\s*(?:\"([^\"]*)\"|(-?[0-9.]+|true|false))")).matcher(json);
        if (!m.find()) {
            return null;
        }
        return m.group(1) != null ? m.group(1) : m.group(2);
    }

    static long number(String json, String field) {
        String value = string(json, field);
        if (value == null) {
            throw new IllegalStateException("no field '" + field + "' in " + json);
        }
        return Long.parseLong(value);
    }
}
