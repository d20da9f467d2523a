package io.modelproxy.upstream;

import com.linecorp.armeria.client.Endpoint;
import com.linecorp.armeria.client.EventLoopScheduler;
import com.linecorp.armeria.client.endpoint.EndpointGroup;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.common.util.ReleasableHolder;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;

/**
 * Puts an upstream request on the event loop that makes it: the one serving its client request, since
 * the server and the upstream clients share Armeria's worker group. The request and its answer then
 * never hand over to another thread (Armeria's default keeps every endpoint on one event loop, which
 * every other loop's requests must cross to), and each event loop pools its own connections. A call
 * from outside the group (model discovery at start) takes the group's loops in turn.
 */
final class CallerEventLoops implements EventLoopScheduler {
    private final EventLoopGroup group;

    CallerEventLoops(EventLoopGroup group) {
        this.group = group;
    }

    @Override
    public ReleasableHolder<EventLoop> acquire(SessionProtocol protocol, EndpointGroup endpointGroup, Endpoint endpoint) {
        EventExecutor current = ThreadExecutorMap.currentExecutor();
        EventLoop loop = current instanceof EventLoop own && own.parent() == group ? own : group.next();
        return new ReleasableHolder<>() {
            @Override
            public EventLoop get() {
                return loop;
            }

            @Override
            public void release() {}
        };
    }
}
