package com.datacoves.jade.airflow;

import com.macasaet.fernet.Key;
import com.macasaet.fernet.StringValidator;
import com.macasaet.fernet.Token;
import com.macasaet.fernet.TokenValidationException;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.TemporalAmount;
import java.util.Map;
import java.util.Optional;

/**
 * Decrypts Datacoves' {@code projects_environment.airflow_config}: a Fernet token (Django's {@code EncryptedJSONField},
 * key {@code FERNET_KEY}, no TTL) over a JSON object such as {@code {"db":{"external":true,"host":…}}}.
 * Uses the fernet-java8 library; the key and the plaintext are never logged.
 */
@Singleton
public class AirflowConfigDecryptor {

    /** Datacoves encrypts without expiry, so any token age is accepted. */
    private static final StringValidator NO_TTL = new StringValidator() {
        @Override
        public TemporalAmount getTimeToLive() {
            return Duration.ofDays(365L * 1000);
        }
    };

    private final JsonMapper json;

    public AirflowConfigDecryptor(JsonMapper json) {
        this.json = json;
    }

    /**
     * @param fernetKey  the URL-safe base64 Fernet key
     * @param ciphertext the column's bytes (the ASCII Fernet token)
     * @return the decrypted JSON object, or empty when the token does not verify with the key or is not a JSON object
     */
    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> decrypt(String fernetKey, byte[] ciphertext) {
        if (fernetKey == null || ciphertext == null || ciphertext.length == 0) {
            return Optional.empty();
        }
        try {
            Key key = new Key(fernetKey);
            Token token = Token.fromString(new String(ciphertext, StandardCharsets.US_ASCII).trim());
            String plain = token.validateAndDecrypt(key, NO_TTL);
            Object value = json.readValue(plain.getBytes(StandardCharsets.UTF_8), Object.class);
            return value instanceof Map<?, ?> m ? Optional.of((Map<String, Object>) m) : Optional.empty();
        } catch (TokenValidationException | IllegalArgumentException | IOException e) {
            return Optional.empty();
        }
    }
}
