package com.datacoves.jade.deployments;

import com.datacoves.jade.common.JadeException;
import com.datacoves.jade.common.NotFoundException;
import com.datacoves.jade.common.UnauthorizedException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Guards {@code /api/v1/deployments/**}: requires {@code Authorization: Bearer <SECRET_KEY>}
 * ({@code jade.deployments.secret-key}), compared in constant time; 401 otherwise. While the secret is unset the
 * routes do not exist (404).
 */
@ServerFilter(patterns = {"/api/v1/deployments", "/api/v1/deployments/**"})
public class DeploymentAuthFilter {

    /** 401 text when the header is missing or not a Bearer token. */
    public static final String MISSING = "Missing bearer token. Send Authorization: Bearer <SECRET_KEY>.";
    /** 401 text for a wrong token. */
    public static final String INVALID = "Invalid bearer token.";

    private final DeploymentSettings settings;

    /** A filter checking the configured secret. */
    public DeploymentAuthFilter(DeploymentSettings settings) {
        this.settings = settings;
    }

    /** Lets the request through or throws {@link JadeException} (404 disabled, 401). */
    @RequestFilter
    public void authenticate(HttpRequest<?> request) {
        String secret = settings.secretKey();
        if (secret == null) {
            throw new NotFoundException();
        }
        String header = request.getHeaders().getAuthorization().orElse("").strip();
        int space = header.indexOf(' ');
        if (space < 0 || !header.substring(0, space).equalsIgnoreCase("Bearer")) {
            throw new UnauthorizedException(MISSING);
        }
        byte[] presented = header.substring(space + 1).strip().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(presented, secret.getBytes(StandardCharsets.UTF_8))) {
            throw new UnauthorizedException(INVALID);
        }
    }
}
