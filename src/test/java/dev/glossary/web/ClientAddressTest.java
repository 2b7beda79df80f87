package dev.glossary.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.net.SocketAddress;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

    @Test
    void shouldKeyAClientByItsIpAddressWhateverItsPort() {
        assertEquals("203.0.113.7", ClientAddress.of(SocketAddress.inetSocketAddress(51000, "203.0.113.7")));
        assertEquals("203.0.113.7", ClientAddress.of(SocketAddress.inetSocketAddress(51001, "203.0.113.7")));
    }

    @Test
    void shouldGiveIpv6PeersTheirOwnKey() {
        assertEquals("2001:db8:0:0:0:0:0:1", ClientAddress.of(SocketAddress.inetSocketAddress(443, "2001:db8::1")));
    }

    @Test
    void shouldShareOneKeyAmongPeersWithoutAnIpAddress() {
        assertEquals(ClientAddress.UNKNOWN, ClientAddress.of((SocketAddress) null));
        assertEquals(ClientAddress.UNKNOWN, ClientAddress.of(SocketAddress.domainSocketAddress("/run/glossary.sock")));
    }
}
