package com.datacoves.jade.observability;

import io.micronaut.core.propagation.ThreadPropagatedContextElement;
import org.slf4j.MDC;

/**
 * The request id as an element of Micronaut's propagated context: whichever thread runs a part of the request (the
 * event loop, the blocking executor, a reactive continuation) gets {@code request_id} in its SLF4J MDC for that part,
 * and the thread's previous value back afterwards.
 *
 * @param requestId the id (see {@link RequestIdFilter})
 */
public record RequestIdContext(String requestId) implements ThreadPropagatedContextElement<String> {

    @Override
    public String updateThreadContext() {
        String previous = MDC.get(RequestIdFilter.MDC_KEY);
        MDC.put(RequestIdFilter.MDC_KEY, requestId);
        return previous;
    }

    @Override
    public void restoreThreadContext(String previous) {
        if (previous == null) {
            MDC.remove(RequestIdFilter.MDC_KEY);
        } else {
            MDC.put(RequestIdFilter.MDC_KEY, previous);
        }
    }
}
