package dev.mcp.ambassador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretsTests {

    @Test
    void maskWhenTextHoldsAmbassadorKeysOrTokensThenTheyAreMasked() {
        String text = "key amb_pk_AbC123_x-y token amb_st_eyJ.abc-_= api amb_ak_zz9";

        assertThat(Secrets.mask(text)).isEqualTo("key amb_pk_**** token amb_st_**** api amb_ak_****");
    }

    @Test
    void maskWhenARegisteredSecretOfAnyShapeAppearsThenItIsMasked() {
        Secrets.register("hunter2-but-longer");

        assertThat(Secrets.mask("password hunter2-but-longer was refused")).isEqualTo("password **** was refused");
    }
}
