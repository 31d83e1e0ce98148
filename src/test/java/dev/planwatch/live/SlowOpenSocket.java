package dev.planwatch.live;

import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.WebSocket;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A test endpoint whose open callback waits until released: a socket open on the wire, not yet on the server's side. */
@WebSocket(path = "/ws/test-slow-open")
public class SlowOpenSocket {

    static volatile CountDownLatch entered = new CountDownLatch(1);
    static volatile CountDownLatch release = new CountDownLatch(1);

    @OnOpen
    void open() throws InterruptedException {
        entered.countDown();
        release.await(10, TimeUnit.SECONDS);
    }
}
