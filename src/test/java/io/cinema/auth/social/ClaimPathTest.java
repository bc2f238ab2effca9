package io.cinema.auth.social;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class ClaimPathTest {

    private static JsonNode json(String s) throws Exception {
        return new ObjectMapper().readTree(s);
    }

    @Test
    void dottedPathsReachNestedFieldsAndArrayItems() throws Exception {
        JsonNode vk = json("{\"response\":[{\"id\":12345,\"screen_name\":\"durov\"}]}");
        assertEquals("12345", ProviderGateway.at(vk, "response.0.id").asText());
        assertEquals("durov", ProviderGateway.at(vk, "response.0.screen_name").asText());
        assertNull(ProviderGateway.at(vk, "response.1.id"));
        assertNull(ProviderGateway.at(vk, "response"), "a container is not a claim value");
        assertNull(ProviderGateway.at(vk, "response.0.id.deeper"));
        assertNull(ProviderGateway.at(json("{\"sub\":null}"), "sub"));
        assertEquals("x", ProviderGateway.at(json("{\"sub\":\"x\"}"), "sub").asText());
    }

    @Test
    void providerErrorCodesAreSafeForLogs() {
        assertEquals("access_denied", ProviderGateway.safe("access_denied"));
        assertEquals("a?b??", ProviderGateway.safe("a b\r\n"));
        assertEquals(64, ProviderGateway.safe("e".repeat(500)).length());
    }
}
