/**
 * The local credential servers of {@code exec}: the ECS container-credentials server ({@code --ecs-server}), the EC2
 * instance-metadata server ({@code --ec2-server}, with IMDSv2 tokens) and the root proxy that puts the latter on
 * {@code 169.254.169.254:80} ({@code proxy}). Private to the commands bundle.
 */
package dev.awsvault.commands.server;
