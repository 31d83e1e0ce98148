package dev.planwatch.live;

import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A test endpoint whose open callback waits until released: a socket open on the wire and still opening on the server. */
@WebSocket(path = "/ws/test-slow-open")
public class SlowOpenSocket {

    static volatile CountDownLatch entered = new CountDownLatch(1);
    static volatile CountDownLatch release = new CountDownLatch(0);

    private final GoingAway goingAway;

    public SlowOpenSocket(GoingAway goingAway) {
        this.goingAway = goingAway;
    }

    @OnOpen
    void open(WebSocketConnection connection) throws InterruptedException {
        entered.countDown();
        release.await(10, TimeUnit.SECONDS);
        goingAway.opened(connection);
    }
}
