package dev.awsvault.sources.aws;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;

/**
 * One-line messages for AWS SDK errors, in the shape the original (Go SDK v2) prints:
 * {@code operation error STS: GetSessionToken, https response error StatusCode: 403, RequestID: …, api error
 * AccessDenied: MultiFactorAuthentication failed with invalid MFA one time pass code.} Only the error code, AWS's
 * message, the status, the request id and the endpoint are used: never request parameters or credentials.
 */
public final class AwsErrors {

    private AwsErrors() {
    }

    /** The error without the operation prefix. */
    public static String describe(Exception e) {
        return detail(e, null);
    }

    /**
     * The error of one operation: {@code operation error <service>: <operation>, <detail>}.
     *
     * @param endpoint where the request went, named when it could not be sent or got no answer; may be null
     */
    public static String describe(String service, String operation, URI endpoint, Exception e) {
        return "operation error " + service + ": " + operation + ", " + detail(e, endpoint);
    }

    private static String detail(Exception e, URI endpoint) {
        if (e instanceof AwsServiceException ase) {
            AwsErrorDetails d = ase.awsErrorDetails();
            String code = d != null && d.errorCode() != null ? d.errorCode() : "UnknownError";
            String message = d != null && d.errorMessage() != null ? d.errorMessage() : "";
            String requestId = ase.requestId();
            return oneLine("https response error StatusCode: " + ase.statusCode()
                    + (requestId != null ? ", RequestID: " + requestId : "")
                    + ", api error " + code + ": " + message);
        }
        String target = endpoint != null ? " to " + endpoint : "";
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException
                || timedOut(e)) {
            return "request" + target + " timed out: no answer from the endpoint";
        }
        if (has(e, ConnectException.class) || has(e, NoRouteToHostException.class)) {
            return "request send failed" + target + ": connection refused or unreachable";
        }
        if (has(e, UnknownHostException.class)) {
            return "request send failed" + target + ": no such host";
        }
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            m = e.getClass().getSimpleName();
        }
        return oneLine("request failed" + target + ": " + m);
    }

    private static boolean has(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            if (t instanceof SocketTimeoutException || m != null && m.toLowerCase(Locale.ROOT).contains("timed out")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The AWS error code ({@code LimitExceeded}, {@code InvalidClientTokenId}, …) of the first AWS service error in
     * {@code e}'s causes, e.g. of a {@link dev.awsvault.api.source.CredentialSourceException} thrown by
     * {@link AwsClients#callSts} or {@link AwsClients#callIam}; empty when AWS did not answer with an error.
     */
    public static java.util.Optional<String> errorCode(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AwsServiceException ase && ase.awsErrorDetails() != null
                    && ase.awsErrorDetails().errorCode() != null) {
                return java.util.Optional.of(ase.awsErrorDetails().errorCode());
            }
        }
        return java.util.Optional.empty();
    }

    /** {@code s} on one line: line breaks and runs of white space become one space. */
    public static String oneLine(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }
}
