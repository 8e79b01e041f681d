package dev.awsvault.testing.aws;

/** An error answered in the wire shape of the service that raised it (STS/IAM XML, SSO/SSO-OIDC JSON). */
final class AwsError extends Exception {
    private static final long serialVersionUID = 1L;

    final int status;
    final String code;

    AwsError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static AwsError invalidClientTokenId() {
        return new AwsError(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
    }

    static AwsError signatureDoesNotMatch() {
        return new AwsError(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the"
                + " signature you provided. Check your AWS Secret Access Key and signing method. Consult the service"
                + " documentation for details.");
    }

    static AwsError expiredToken() {
        return new AwsError(403, "ExpiredToken", "The security token included in the request is expired");
    }

    static AwsError accessDenied(String message) {
        return new AwsError(403, "AccessDenied", message);
    }

    static AwsError validation(String message) {
        return new AwsError(400, "ValidationError", message);
    }
}
