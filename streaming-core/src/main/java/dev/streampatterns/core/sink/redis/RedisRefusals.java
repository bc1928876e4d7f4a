package dev.streampatterns.core.sink.redis;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;

/**
 * The updates of a batch that Redis would refuse, found before the transaction: Redis applies the
 * other commands of a {@code MULTI}/{@code EXEC} when one fails, so a refusal seen only in the
 * replies would leave the batch marked as written with an update missing. The checks run under the
 * {@code WATCH} of the key, so nothing can change between them and the transaction.
 *
 * <p>What Redis refuses: any command on a key of another type ({@code WRONGTYPE}); {@code HINCRBY}
 * on a field that does not hold an integer, or whose sum would overflow 64 bits; {@code HINCRBYFLOAT}
 * on a field that does not hold a number, or whose sum would not be finite; and, for the sink's exact
 * decimal sums, a field that does not hold a decimal number.
 */
final class RedisRefusals {

    private RedisRefusals() {
    }

    /** The refused members and why, in the order of {@code updates}; empty when Redis takes them all. */
    static Map<String, String> find(Jedis jedis, RedisSink.Command command, String key, Map<String, Object> updates) {
        Map<String, String> refused = new LinkedHashMap<>();
        if (command == RedisSink.Command.SET) {
            return refused; // SET replaces whatever the key held
        }
        String expected = command == RedisSink.Command.ZINCRBY ? "zset" : "hash";
        String type = jedis.type(key);
        if (!type.equals("none") && !type.equals(expected)) {
            updates.keySet().forEach(member -> refused.put(member,
                    "WRONGTYPE key '" + key + "' holds a " + type + ", not a " + expected));
            return refused;
        }
        if (command == RedisSink.Command.HINCRBY && type.equals("hash")) {
            List<String> members = new ArrayList<>(updates.keySet());
            List<String> current = jedis.hmget(key, members.toArray(new String[0]));
            for (int i = 0; i < members.size(); i++) {
                String reason = hashFieldRefusal(key, members.get(i), current.get(i), updates.get(members.get(i)));
                if (reason != null) {
                    refused.put(members.get(i), reason);
                }
            }
        }
        return refused;
    }

    private static String hashFieldRefusal(String key, String field, String current, Object increment) {
        if (current == null) {
            return null;
        }
        String where = "field '" + field + "' of hash '" + key + "' holds ";
        if (increment instanceof Long amount) {
            try {
                Math.addExact(Long.parseLong(current), amount);
                return null;
            } catch (NumberFormatException e) {
                return where + "'" + current + "', not an integer";
            } catch (ArithmeticException e) {
                return where + current + ": adding " + amount + " would overflow a 64-bit integer";
            }
        }
        if (increment instanceof BigDecimal) {
            try {
                new BigDecimal(current.trim());
                return null;
            } catch (NumberFormatException e) {
                return where + "'" + current + "', not a decimal number";
            }
        }
        double amount = (Double) increment;
        try {
            double sum = Double.parseDouble(current) + amount;
            return Double.isFinite(sum) ? null : where + current + ": adding " + amount + " would not be a finite number";
        } catch (NumberFormatException e) {
            return where + "'" + current + "', not a number";
        }
    }
}
