package dev.testops.load;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The event loops' I/O transport: Linux's native epoll when {@code netty-transport-native-epoll} is
 * on the class path and loads, else Java NIO. Epoll costs fewer system calls per request and fires
 * timers to the microsecond (a timerfd), where NIO's selector rounds a wait to the millisecond,
 * which matters to the open model's arrival timers ({@link ArrivalLoop}). Looked up by name, so the
 * generator runs (on NIO) where the native library is absent.
 *
 * @param name {@code epoll} or {@code nio}
 * @param ioHandlers the event loops' I/O handlers
 * @param channelType the client socket channel class
 * @param preciseTimers whether a loop's timer fires on time to the microsecond (epoll); NIO's wakes
 *     at whole milliseconds and busy-polls a wait of under half a millisecond
 */
record Transport(
    String name,
    IoHandlerFactory ioHandlers,
    Class<? extends SocketChannel> channelType,
    boolean preciseTimers) {
  private static final String EPOLL = "io.netty.channel.epoll.";

  /** The best transport of this machine, found once. */
  static final Transport BEST = detect();

  private static Transport detect() {
    try {
      Class<?> epoll = Class.forName(EPOLL + "Epoll");
      if (Boolean.TRUE.equals(epoll.getMethod("isAvailable").invoke(null))) {
        var factory =
            (IoHandlerFactory)
                Class.forName(EPOLL + "EpollIoHandler").getMethod("newFactory").invoke(null);
        return new Transport(
            "epoll",
            factory,
            Class.forName(EPOLL + "EpollSocketChannel").asSubclass(SocketChannel.class),
            true);
      }
    } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
      // Not on the class path, or its native library does not load here: NIO it is.
    }
    return new Transport("nio", NioIoHandler.newFactory(), NioSocketChannel.class, false);
  }
}
