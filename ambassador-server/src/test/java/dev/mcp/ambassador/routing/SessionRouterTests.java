package dev.mcp.ambassador.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.mcp.ambassador.session.SigningKeys;
import dev.mcp.ambassador.support.MutableClock;
import dev.mcp.ambassador.web.ClientAddresses;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.ServletRequest;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

class SessionRouterTests {

    private static final byte[] SECRET = "a shared session secret of 32+ bytes".getBytes();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T09:00:00Z"));
    private final UUID here = UUID.randomUUID();
    private final UUID elsewhere = UUID.randomUUID();
    private final SessionIds ids = new SessionIds(() -> SigningKeys.of(SECRET), here);
    private final SessionIds idsElsewhere = new SessionIds(() -> SigningKeys.of(SECRET), elsewhere);
    private final InternalHop hopElsewhere = new InternalHop(() -> SigningKeys.of(SECRET), elsewhere, clock);
    private final OwnerForwarder forwarder = mock(OwnerForwarder.class);
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final ClientAddresses addresses = mock(ClientAddresses.class);
    private final SessionRouter router = new SessionRouter(
            ids,
            new InternalHop(() -> SigningKeys.of(SECRET), here, clock),
            forwarder,
            addresses,
            JsonMapper.builder().build(),
            metrics);
    private final AtomicReference<ServletRequest> served = new AtomicReference<>();
    private final MockFilterChain chain = new MockFilterChain() {
        @Override
        public void doFilter(jakarta.servlet.ServletRequest request, jakarta.servlet.ServletResponse response) {
            served.set(request);
        }
    };

    @Test
    void sessionWhenOwnedHereThenServedHere() throws Exception {
        MockHttpServletResponse response = route(request(ids.mint()));

        assertThat(served.get()).isNotNull();
        verify(forwarder, never()).forward(any(), any(), any(), any(), any());
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(routed("served_here")).isEqualTo(1);
    }

    @Test
    void requestWhenItNamesNoSessionThenPassesUntouched() throws Exception {
        route(request(null));

        assertThat(served.get()).isNotNull();
    }

    @Test
    void sessionWhenOwnedElsewhereThenForwardedToTheOwnerWithWhatThisReplicaSaw() throws Exception {
        String session = idsElsewhere.mint();
        when(addresses.of(any())).thenReturn("203.0.113.7");
        when(forwarder.forward(eq(elsewhere), eq(session), any(), any(), any()))
                .thenReturn(OwnerForwarder.Outcome.RELAYED);

        route(request(session));

        verify(forwarder)
                .forward(
                        eq(elsewhere),
                        eq(session),
                        eq(new InternalHop.Forwarded("mcp.example.com:8443", "203.0.113.7")),
                        any(),
                        any());
        assertThat(served.get()).isNull();
        assertThat(routed("forwarded")).isEqualTo(1);
    }

    @Test
    void sessionWhenItsOwnerIsGoneThenNotFound() throws Exception {
        when(addresses.of(any())).thenReturn("203.0.113.7");
        when(forwarder.forward(any(), anyString(), any(), any(), any())).thenReturn(OwnerForwarder.Outcome.GONE);

        MockHttpServletResponse response = route(request(idsElsewhere.mint()));

        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getContentAsString()).contains(SessionRouter.UNKNOWN_SESSION);
    }

    @Test
    void ownerWhenItCannotBeLookedUpThenUnavailableSoTheClientTriesAgain() throws Exception {
        when(addresses.of(any())).thenReturn("203.0.113.7");
        when(forwarder.forward(any(), anyString(), any(), any(), any())).thenReturn(OwnerForwarder.Outcome.UNKNOWN);

        MockHttpServletResponse response = route(request(idsElsewhere.mint()));

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("5");
    }

    @Test
    void sessionIdWhenAlteredThenNotFoundAndNeverForwarded() throws Exception {
        String session = idsElsewhere.mint();
        String altered = session.substring(0, 10) + (session.charAt(10) == 'A' ? 'B' : 'A') + session.substring(11);

        MockHttpServletResponse response = route(request(altered));

        assertThat(response.getStatus()).isEqualTo(404);
        verify(forwarder, never()).forward(any(), any(), any(), any(), any());
        assertThat(served.get()).isNull();
    }

    @Test
    void forwardedRequestWhenGenuineThenServedAsTheClientMadeIt() throws Exception {
        String session = ids.mint();
        MockHttpServletRequest request = request(session);
        request.setRemoteAddr("10.0.0.12");
        request.addHeader(
                InternalHop.HEADER,
                hopElsewhere.sign(
                        "POST", "/mcp", session, new InternalHop.Forwarded("mcp.example.com", "203.0.113.7"), here));

        route(request);

        assertThat(served.get()).isNotNull();
        assertThat(served.get().getRemoteAddr()).isEqualTo("203.0.113.7");
        assertThat(served.get().getServerName()).isEqualTo("mcp.example.com");
        assertThat(served.get().getServerPort()).isEqualTo(443);
    }

    @Test
    void forwardedRequestWhenTheSessionIsNotOwnedHereThenNotFoundAndNeverForwardedAgain() throws Exception {
        String session = idsElsewhere.mint();
        MockHttpServletRequest request = request(session);
        request.addHeader(
                InternalHop.HEADER,
                hopElsewhere.sign("POST", "/mcp", session, new InternalHop.Forwarded("h", "203.0.113.7"), here));

        MockHttpServletResponse response = route(request);

        assertThat(response.getStatus()).isEqualTo(404);
        verify(forwarder, never()).forward(any(), any(), any(), any(), any());
        assertThat(served.get()).isNull();
    }

    @Test
    void forwardingHeaderWhenNotGenuineThenRefused() throws Exception {
        String session = ids.mint();
        MockHttpServletRequest request = request(session);
        request.addHeader(InternalHop.HEADER, "v1 " + clock.instant().getEpochSecond() + " aA bB cC");

        MockHttpServletResponse response = route(request);

        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(served.get()).isNull();
    }

    @Test
    void forwardingHeaderWhenReplayedAfterTheWindowThenRefused() throws Exception {
        String session = ids.mint();
        String header = hopElsewhere.sign("POST", "/mcp", session, new InternalHop.Forwarded("h", "203.0.113.7"), here);
        clock.advance(InternalHop.WINDOW.plusSeconds(1));
        MockHttpServletRequest request = request(session);
        request.addHeader(InternalHop.HEADER, header);

        assertThat(route(request).getStatus()).isEqualTo(403);
        assertThat(served.get()).isNull();
    }

    private double routed(String route) {
        return metrics.counter(SessionRouter.ROUTED, "route", route).count();
    }

    private MockHttpServletResponse route(MockHttpServletRequest request) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        router.doFilter(request, response, chain);
        return response;
    }

    private static MockHttpServletRequest request(String session) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/mcp");
        request.addHeader("Host", "mcp.example.com:8443");
        if (session != null) {
            request.addHeader(SessionRouter.SESSION_HEADER, session);
        }
        return request;
    }
}
