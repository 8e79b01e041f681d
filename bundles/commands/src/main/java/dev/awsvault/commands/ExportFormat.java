package dev.awsvault.commands;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.awsvault.api.AwsCredentials;
import dev.awsvault.core.GoJson;

/** The output formats of {@code export} (and {@code exec --json}), byte for byte as the original's. */
enum ExportFormat {
    ENV("env"), EXPORT_ENV("export-env"), JSON("json"), INI("ini");

    final String flagValue;

    ExportFormat(String flagValue) {
        this.flagValue = flagValue;
    }

    static ExportFormat of(String value) {
        for (ExportFormat f : values()) {
            if (f.flagValue.equals(value)) {
                return f;
            }
        }
        throw new IllegalArgumentException(value);
    }

    String render(String profile, AwsCredentials c, String region) {
        switch (this) {
            case ENV:
                return envLines(c, region, "");
            case EXPORT_ENV:
                return envLines(c, region, "export ");
            case JSON:
                return json(c);
            default:
                return ini(profile, c, region);
        }
    }

    private static String envLines(AwsCredentials c, String region, String prefix) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : variables(c, region).entrySet()) {
            sb.append(prefix).append(e.getKey()).append('=').append(e.getValue()).append('\n');
        }
        return sb.toString();
    }

    /** The variables exec and export set, in the original's order. */
    static Map<String, String> variables(AwsCredentials c, String region) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("AWS_ACCESS_KEY_ID", c.accessKeyId());
        m.put("AWS_SECRET_ACCESS_KEY", c.secretAccessKey());
        c.sessionToken().ifPresent(t -> m.put("AWS_SESSION_TOKEN", t));
        c.expiration().ifPresent(t -> m.put("AWS_CREDENTIAL_EXPIRATION", GoJson.rfc3339(t)));
        if (region != null && !region.isEmpty()) {
            m.put("AWS_REGION", region);
            m.put("AWS_DEFAULT_REGION", region);
        }
        return m;
    }

    /** credential_process JSON: Go's MarshalIndent with two spaces, empty token and expiry omitted. */
    private static String json(AwsCredentials c) {
        StringBuilder sb = new StringBuilder("{\n  \"Version\": 1,\n  \"AccessKeyId\": ");
        GoJson.quote(sb, c.accessKeyId()).append(",\n  \"SecretAccessKey\": ");
        GoJson.quote(sb, c.secretAccessKey());
        c.sessionToken().ifPresent(t -> GoJson.quote(sb.append(",\n  \"SessionToken\": "), t));
        c.expiration().ifPresent(t -> GoJson.quote(sb.append(",\n  \"Expiration\": "), GoJson.rfc3339(t)));
        return sb.append("\n}\n").toString();
    }

    /** go-ini with PrettyFormat off: {@code [profile]}, {@code key=value}, a blank line after the section. */
    private static String ini(String profile, AwsCredentials c, String region) {
        StringBuilder sb = new StringBuilder("[").append(profile).append("]\n");
        sb.append("aws_access_key_id=").append(c.accessKeyId()).append('\n');
        sb.append("aws_secret_access_key=").append(c.secretAccessKey()).append('\n');
        c.sessionToken().ifPresent(t -> sb.append("aws_session_token=").append(t).append('\n'));
        c.expiration().ifPresent(t -> sb.append("aws_credential_expiration=").append(GoJson.rfc3339(t)).append('\n'));
        if (region != null && !region.isEmpty()) {
            sb.append("region=").append(region).append('\n');
        }
        return sb.append('\n').toString();
    }
}
