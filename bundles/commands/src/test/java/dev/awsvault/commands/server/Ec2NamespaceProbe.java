package dev.awsvault.commands.server;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Run by {@code Ec2NamespaceScenario}'s child while {@code exec --ec2-server} serves on 169.254.169.254:80 inside a
 * network namespace: plain HTTP checks of what reaches the metadata address, one {@code name=status body} line each.
 */
public final class Ec2NamespaceProbe {
    private Ec2NamespaceProbe() {
    }

    public static void main(String[] args) {
        InetSocketAddress metadata = new InetSocketAddress("169.254.169.254", 80);
        Map<String, String> results = new LinkedHashMap<>();
        results.put("instanceId", line(RawHttp.request(metadata, "GET", "/latest/meta-data/instance-id",
                Map.of("Host", "169.254.169.254"))));
        results.put("foreignHost", line(RawHttp.request(metadata, "GET", "/latest/meta-data/instance-id/",
                Map.of("Host", "evil.example"))));
        RawHttp.Response token = RawHttp.request(metadata, "PUT", "/latest/api/token",
                Map.of("Host", "169.254.169.254", "X-aws-ec2-metadata-token-ttl-seconds", "60"));
        results.put("token", token.status() + " " + (token.body().length() >= 40 ? "issued" : token.body()));
        RawHttp.Response creds = RawHttp.request(metadata, "GET",
                "/latest/meta-data/iam/security-credentials/local-credentials",
                Map.of("Host", "169.254.169.254", "X-aws-ec2-metadata-token", token.body()));
        results.put("credentials", creds.status() + " " + (creds.body().contains("\"AccessKeyId\":\"ASIA") ? "ASIA"
                : creds.body().strip()));
        results.put("forwardedTokenRequest", line(RawHttp.request(metadata, "PUT", "/latest/api/token",
                Map.of("Host", "169.254.169.254", "X-aws-ec2-metadata-token-ttl-seconds", "60",
                        "X-Forwarded-For", "203.0.113.7"))));
        if (args.length > 0) { // a local address on a non-loopback interface (a veth the scenario made)
            results.put("nonLoopbackClient", line(RawHttp.request(new InetSocketAddress(args[0], 0), metadata, "GET",
                    "/latest/meta-data/instance-id/", Map.of("Host", "169.254.169.254"))));
        }
        results.forEach((k, v) -> System.out.println(k + "=" + v));
    }

    private static String line(RawHttp.Response r) {
        return r.status() + " " + r.body().strip();
    }
}
