package com.datacoves.jade.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay on a fixed loopback port in front of a real server, so a test can make that server unreachable (every
 * connection cut, new ones refused) and reachable again at the same address, without restarting it or losing its data.
 */
final class TcpRelay implements AutoCloseable {

    private final int port;
    private final int targetPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicLong bytesToTarget = new AtomicLong();
    private volatile ServerSocket server;
    /** {@link #bytesToTarget} at which the relay stops by itself ({@link #stopAfter}). */
    private volatile long stopAt = Long.MAX_VALUE;

    TcpRelay(int port, int targetPort) {
        this.port = port;
        this.targetPort = targetPort;
    }

    /** Starts accepting on the port. */
    synchronized void start() throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        server = s;
        Thread accept = new Thread(() -> acceptLoop(s), "relay-accept");
        accept.setDaemon(true);
        accept.start();
    }

    /** Stops accepting and cuts every open connection. */
    synchronized void stop() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
        for (Socket s : sockets) {
            s.close();
        }
        sockets.clear();
    }

    /**
     * Stops the relay (as {@link #stop}) from its own pump once this many more bytes went towards the target: an
     * outage in the middle of a transfer, whatever the test thread's scheduling on a loaded machine.
     */
    void stopAfter(long bytes) {
        stopAt = bytesToTarget.get() + bytes;
    }

    /** Bytes relayed towards the target so far. */
    long bytesToTarget() {
        return bytesToTarget.get();
    }

    private void acceptLoop(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket client = s.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream, bytesToTarget);
                pump(upstream, client, new AtomicLong());
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, AtomicLong counter) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    out.write(buffer, 0, n);
                    if (counter.addAndGet(n) >= stopAt && counter == bytesToTarget) {
                        stopAt = Long.MAX_VALUE;
                        stop();
                    }
                }
            } catch (IOException ignored) {
                // connection cut
            } finally {
                try {
                    to.close();
                    from.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }, "relay-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
