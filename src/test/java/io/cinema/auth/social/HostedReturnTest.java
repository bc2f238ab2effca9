package io.cinema.auth.social;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.cinema.auth.support.ApiException;
import io.cinema.auth.support.ErrorCode;

class HostedReturnTest {

    @Test
    void theDevicePageIsAReturnWithOrWithoutItsUserCode() {
        assertEquals(new HostedReturn("device", null), HostedReturn.parse("device"));
        assertEquals(new HostedReturn("device", null), HostedReturn.parse("/device"));
        assertEquals(new HostedReturn("device", null), HostedReturn.parse("device?user_code="));
        assertEquals(new HostedReturn("device", "BCDF-GHJK"), HostedReturn.parse("device?user_code=BCDF-GHJK"));
        assertEquals(new HostedReturn("device", "bcdfghjk"), HostedReturn.parse("/device?user_code=bcdfghjk"));
    }

    @Test
    void noReturnIsAnApiClientsFlow() {
        assertNull(HostedReturn.parse(null));
        assertNull(HostedReturn.parse(""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.example/device", "//evil.example", "/\\evil.example", "devices",
        "Device", "device/", "device#x", "device?user_code=BCDF-GHJK&next=/x", "device?next=1",
        "device?user_code=%3Cb%3E", "device?user_code=BBBBBBBBBBBBBBBBB", "verify-email", "reset-password",
        "social-callback", "device?user_code=a%26b=c", " device", "device?user_code=BCDF GHJK"})
    void anythingElseIsRefusedAsValidationFailedOnReturnTo(String raw) {
        ApiException e = assertThrows(ApiException.class, () -> HostedReturn.parse(raw));
        assertEquals(ErrorCode.VALIDATION_FAILED, e.code());
        assertEquals("return_to", e.errors().get(0).field());
    }

    @Test
    void theRecordedFormIsRebuiltFromItsPartsAndReadsBackTheSame() {
        HostedReturn r = HostedReturn.parse("/device?user_code=bcdf-ghjk");
        assertEquals("device?user_code=bcdf-ghjk", r.relative());
        assertEquals(r, HostedReturn.recorded(r.relative()));
        assertEquals("device", HostedReturn.parse("device").relative());
        assertNull(HostedReturn.recorded(null));
        assertNull(HostedReturn.recorded("https://evil.example/"), "a stored value no longer allowed goes nowhere");
    }
}
