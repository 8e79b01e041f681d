package dev.awsvault.commands.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.awsvault.api.AwsVaultException;

/**
 * Where the EC2 mode listens: the instance-metadata address the proxy binds ({@code 169.254.169.254:80}) and the
 * credential server it forwards to ({@code 127.0.0.1:9099}), as the original. Tests move both with
 * {@value #METADATA_ENV} and {@value #SERVER_ENV} ({@code <IPv4 address>:<port>}); under sudo the environment is reset,
 * so a root proxy started by {@code exec} always uses the defaults.
 */
public record Ec2Endpoints(InetSocketAddress metadata, InetSocketAddress server) {
    public static final String METADATA_ENV = "AWS_VAULT_EC2_METADATA_ADDRESS";
    public static final String SERVER_ENV = "AWS_VAULT_EC2_SERVER_ADDRESS";
    static final String DEFAULT_METADATA = "169.254.169.254:80";
    static final String DEFAULT_SERVER = "127.0.0.1:9099";

    private static final Pattern ADDRESS = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,3}){3}):(\\d{1,5})");

    public static Ec2Endpoints from(Map<String, String> env) {
        return new Ec2Endpoints(parse(METADATA_ENV, env.getOrDefault(METADATA_ENV, "")),
                parse(SERVER_ENV, env.getOrDefault(SERVER_ENV, "")));
    }

    /** {@code 169.254.169.254:80}, for messages. */
    public String metadataText() {
        return text(metadata);
    }

    public String serverText() {
        return text(server);
    }

    /** The {@code Host} values a request to the metadata address carries: {@code ip:port}, and {@code ip} for port 80. */
    Set<String> allowedHosts() {
        Set<String> hosts = new LinkedHashSet<>();
        String ip = metadata.getAddress().getHostAddress();
        if (metadata.getPort() == 80) {
            hosts.add(ip);
        }
        hosts.add(ip + ":" + metadata.getPort());
        return hosts;
    }

    private static String text(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    private static InetSocketAddress parse(String variable, String value) {
        String v = value.isEmpty() ? (variable.equals(METADATA_ENV) ? DEFAULT_METADATA : DEFAULT_SERVER) : value;
        Matcher m = ADDRESS.matcher(v);
        if (m.matches()) {
            try {
                int port = Integer.parseInt(m.group(2));
                byte[] ip = new byte[4];
                String[] parts = m.group(1).split("\\.");
                boolean valid = port > 0 && port < 65536;
                for (int i = 0; i < 4 && valid; i++) {
                    int octet = Integer.parseInt(parts[i]);
                    valid = octet < 256;
                    ip[i] = (byte) octet;
                }
                if (valid) {
                    return new InetSocketAddress(InetAddress.getByAddress(ip), port);
                }
            } catch (UnknownHostException e) {
                // not reached for a 4-byte address
            }
        }
        throw new AwsVaultException("invalid " + variable + " \"" + value + "\": expected <IPv4 address>:<port>");
    }
}
