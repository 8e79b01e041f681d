package dev.awsvault.testing.aws;

import java.time.Duration;

/**
 * A console sign-in the federation endpoint completed ({@code /federation?Action=login}): the browser was sent on to
 * the destination with a console cookie.
 *
 * @param principalArn the principal of the credentials the sign-in token was made from (an assumed-role or
 *                     federated-user ARN)
 * @param accessKeyId the temporary access key id of those credentials
 * @param issuer the {@code Issuer} parameter of the login request, or null
 * @param destination the {@code Destination} parameter, decoded
 * @param sessionDuration the {@code SessionDuration} given to getSigninToken, or null when none was
 */
public record ConsoleSession(String principalArn, String accessKeyId, String issuer, String destination,
                             Duration sessionDuration) {
}
