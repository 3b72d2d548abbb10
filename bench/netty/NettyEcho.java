// The idiomatic Netty 4.1 shape of the benchmark's reference server (bench/otp/gateway.escript is the
// behaviour copied): NIO event loops, a LengthFieldBasedFrameDecoder for {packet,4} (a 4-byte big-endian
// length, then the payload) and a handler that writes each frame back whole, flushing once per read so
// that pipelined frames go back in one write. A declared length over 65536 closes the connection with no
// reply, as gen_tcp's {packet_size,65536} does (emsgsize).
// Usage: java -cp CLASSES:JARS NettyEcho PORT   (0 = ephemeral; prints "listening PORT")

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.net.InetSocketAddress;

public final class NettyEcho {
    private static final int MAX_PACKET = 65536;
    private static final int HEADER = 4;

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: NettyEcho PORT");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        // One thread accepts; the workers are Netty's default (two per core). SIGTERM keeps the JVM's default
        // action: shutdown hooks (none here) and exit 143 at once; shutdownGracefully's quiet period would
        // hold the exit for two seconds.
        NioEventLoopGroup boss = new NioEventLoopGroup(1);
        NioEventLoopGroup workers = new NioEventLoopGroup();
        EchoHandler echo = new EchoHandler();
        Channel listener = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        // The header stays in the frame (no bytes stripped), so the frame is exactly what came in;
                        // failFast: the error as soon as the header is read, never after buffering 64 KiB.
                        ch.pipeline().addLast(
                                new LengthFieldBasedFrameDecoder(MAX_PACKET + HEADER, 0, HEADER, 0, 0, true),
                                echo);
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", port))
                .sync()
                .channel();
        System.out.println("listening " + ((InetSocketAddress) listener.localAddress()).getPort());
        System.out.flush();
        listener.closeFuture().sync();
    }

    /** Echoes each frame whole; flushes when the read that brought them is done. Stateless, so shared. */
    @ChannelHandler.Sharable
    private static final class EchoHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object frame) {
            ctx.write(frame, ctx.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        // TooLongFrameException (a declared length over 65536) and a reset both end here: close, nothing
        // logged (the default would log a warning per connection).
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
