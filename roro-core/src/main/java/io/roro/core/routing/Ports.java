package io.roro.core.routing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports on 127.0.0.1 for backends and endpoints, from 20000-29999: below Linux's ephemeral range
 * (32768-60999), so an outgoing connection does not take a port a service slot is kept for.
 */
public final class Ports {
    private static final int LOW = 20000;
    private static final int HIGH = 29999;

    private Ports() {
    }

    public static List<Integer> free(int count) {
        return free(count, List.of());
    }

    public static List<Integer> free(int count, List<Integer> taken) {
        List<Integer> ports = new ArrayList<>();
        int start = ThreadLocalRandom.current().nextInt(LOW, HIGH + 1);
        for (int i = 0; i <= HIGH - LOW && ports.size() < count; i++) {
            int port = LOW + (start - LOW + i) % (HIGH - LOW + 1);
            if (!taken.contains(port) && available(port)) {
                ports.add(port);
            }
        }
        if (ports.size() < count) {
            throw new IllegalStateException("no " + count + " free ports on 127.0.0.1 in " + LOW + "-" + HIGH);
        }
        return ports;
    }

    public static int free() {
        return free(1).get(0);
    }

    private static boolean available(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
