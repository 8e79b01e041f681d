/*
 * aws-vault-client: the native thin client of the aws-vault agent (docs/design/agent.md).
 *
 * Usage (internal, run by bin/aws-vault): aws-vault-client <home> <argv...>
 *
 * It relays one invocation to the agent's Unix domain socket and does what the agent answers: write output, prompt
 * on the terminal, exit, or exec a program. When no agent can be reached, or the agent asks for it, it execs the
 * cold launcher <home>/bin/aws-vault with AWS_VAULT_AGENT_SKIP=1. Plain libc and POSIX only, so that it starts in
 * about a millisecond; no stdio (nothing to flush before execve).
 */
#define _POSIX_C_SOURCE 200809L
#if defined(__APPLE__)
#define _DARWIN_C_SOURCE /* SO_NOSIGPIPE */
#else
#define _DEFAULT_SOURCE
#endif

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

extern char **environ;

#define PROTOCOL_VERSION 1u
#define MAX_FRAME (4u * 1024u * 1024u)
#define MAX_ANSWER (64u * 1024u)

#define FLAG_STDIN_TTY 1u
#define FLAG_STDOUT_TTY 2u
#define FLAG_CONTROLLING_TTY 4u

#define MSG_CLOSED "aws-vault: error: the aws-vault agent closed the connection before the command ended"
#define MSG_MALFORMED "aws-vault: error: the aws-vault agent sent a malformed reply"

#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0 /* macOS: SO_NOSIGPIPE on the socket instead */
#endif

/* The last frame from the agent, and a prompt's answer; in BSS, so pages never touched cost nothing. */
static unsigned char frame[MAX_FRAME];
static char answer[MAX_ANSWER];

static char *const *cold_argv; /* argv + 1 of main: slot 0 becomes the cold launcher's path */
static const char *home;

/* ---- output ------------------------------------------------------------------------------------------------- */

/* Writes all of buf to fd (partial writes, EINTR, a non-blocking fd). Returns 0, or -1 with errno set. */
static int write_all(int fd, const void *buf, size_t len) {
    const unsigned char *p = buf;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n > 0) {
            p += n;
            len -= (size_t)n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            struct pollfd pfd = {fd, POLLOUT, 0};
            (void)poll(&pfd, 1, -1);
        } else {
            if (n == 0) errno = EIO;
            return -1;
        }
    }
    return 0;
}

/* "aws-vault: error: <what> <subject>: <strerror(err)>" on stderr. */
static void error_errno(const char *what, const char *subject, int err) {
    char line[4300];
    int n = snprintf(line, sizeof line, "aws-vault: error: %s %.4096s: %s\n", what, subject, strerror(err));
    if (n > 0) (void)write_all(2, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

static void fail(const char *message) {
    (void)write_all(2, message, strlen(message));
    (void)write_all(2, "\n", 1);
    exit(1);
}

/* ---- the cold path ------------------------------------------------------------------------------------------ */

/* Runs the command without the agent: execs <home>/bin/aws-vault with the same argv and AWS_VAULT_AGENT_SKIP=<skip>:
 * "no-agent" when none listens (the launcher may then auto-start one), "1" when the agent sent the command back. */
static void exec_cold_as(const char *skip) {
    static char path[4096];
    int n = snprintf(path, sizeof path, "%s/bin/aws-vault", home);
    if (n < 0 || (size_t)n >= sizeof path) {
        error_errno("exec", home, ENAMETOOLONG);
        exit(127);
    }
    if (setenv("AWS_VAULT_AGENT_SKIP", skip, 1) == 0) {
        char **args = (char **)cold_argv;
        args[0] = path;
        execv(path, args);
    }
    error_errno("exec", path, errno);
    exit(127);
}

static void exec_cold(void) {
    exec_cold_as("1");
}

/* ---- connecting --------------------------------------------------------------------------------------------- */

/* The socket's path per docs/design/agent.md into buf; -1 when it does not fit a sockaddr_un. */
static int socket_path(char *buf, size_t size) {
    const char *explicit_path = getenv("AWS_VAULT_AGENT_SOCKET");
    const char *runtime = getenv("XDG_RUNTIME_DIR");
    int n;
    if (explicit_path != NULL && explicit_path[0] != '\0') {
        n = snprintf(buf, size, "%s", explicit_path);
    } else if (runtime != NULL && runtime[0] == '/') {
        n = snprintf(buf, size, "%s/aws-vault/agent.sock", runtime);
    } else {
        n = snprintf(buf, size, "/tmp/aws-vault-%lu/agent.sock", (unsigned long)getuid());
    }
    return (n < 0 || (size_t)n >= size) ? -1 : 0;
}

/* A connected socket, or -1 for any reason (the caller then goes cold). */
static int connect_agent(void) {
    struct sockaddr_un address;
    int fd;
    memset(&address, 0, sizeof address);
    address.sun_family = AF_UNIX;
    if (socket_path(address.sun_path, sizeof address.sun_path) != 0) return -1;
    fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    /* Not inherited by the program of a C frame nor by the cold launcher. */
    (void)fcntl(fd, F_SETFD, FD_CLOEXEC);
#ifdef SO_NOSIGPIPE
    {
        int on = 1;
        (void)setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &on, sizeof on);
    }
#endif
    for (;;) {
        if (connect(fd, (struct sockaddr *)&address, sizeof address) == 0) return fd;
        if (errno == EISCONN) return fd;
        if (errno == EINTR || errno == EALREADY || errno == EINPROGRESS) {
            /* An interrupted connect goes on in the background: wait for it, then ask again. */
            struct pollfd pfd = {fd, POLLOUT, 0};
            (void)poll(&pfd, 1, -1);
            continue;
        }
        close(fd);
        return -1;
    }
}

/* ---- frames to the agent ------------------------------------------------------------------------------------ */

/* A frame being built: a growing buffer (requests are small; the environment is the biggest part). */
struct out {
    unsigned char *data;
    size_t len, cap;
};

static void out_bytes(struct out *o, const void *p, size_t n) {
    if (o->len + n > o->cap) {
        size_t cap = o->cap ? o->cap : 4096;
        while (cap < o->len + n) cap *= 2;
        o->data = realloc(o->data, cap);
        if (o->data == NULL) fail("aws-vault: error: out of memory");
        o->cap = cap;
    }
    memcpy(o->data + o->len, p, n);
    o->len += n;
}

static void out_u8(struct out *o, unsigned v) {
    unsigned char b = (unsigned char)v;
    out_bytes(o, &b, 1);
}

static void put_u32(unsigned char *p, uint32_t v) {
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static void out_u32(struct out *o, uint32_t v) {
    unsigned char b[4];
    put_u32(b, v);
    out_bytes(o, b, 4);
}

static void out_str(struct out *o, const char *s, size_t n) {
    out_u32(o, (uint32_t)n);
    out_bytes(o, s, n);
}

static void out_strs(struct out *o, char *const *list, size_t count) {
    size_t i;
    out_u32(o, (uint32_t)count);
    for (i = 0; i < count; i++) out_str(o, list[i], strlen(list[i]));
}

/* Appends the start of a frame (type, length to come); returns where it starts, for out_end. */
static size_t out_begin(struct out *o, char type) {
    size_t start = o->len;
    out_u8(o, (unsigned char)type);
    out_u32(o, 0);
    return start;
}

/* Fills in the length of the frame that starts at `start`. */
static void out_end(struct out *o, size_t start) {
    put_u32(o->data + start + 1, (uint32_t)(o->len - start - 5));
}

/* Sends what o holds and empties it. Returns 0, or -1 when the agent is gone. */
static int out_send(int fd, struct out *o) {
    const unsigned char *p = o->data;
    size_t len = o->len;
    o->len = 0;
    while (len > 0) {
        ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
        if (n > 0) {
            p += n;
            len -= (size_t)n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else {
            return -1;
        }
    }
    return 0;
}

/* ---- frames from the agent ---------------------------------------------------------------------------------- */

/* Reads exactly n bytes. Returns 1, 0 at end of stream, -1 on an error. */
static int read_full(int fd, unsigned char *p, size_t n) {
    while (n > 0) {
        ssize_t got = read(fd, p, n);
        if (got > 0) {
            p += got;
            n -= (size_t)got;
        } else if (got == 0) {
            return 0;
        } else if (errno != EINTR) {
            return -1;
        }
    }
    return 1;
}

static uint32_t get_u32(const unsigned char *p) {
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

/* A cursor over the payload in `frame`; any field past its end makes the reply malformed. */
struct in {
    size_t pos, len;
};

static unsigned in_u8(struct in *c) {
    if (c->len - c->pos < 1) fail(MSG_MALFORMED);
    return frame[c->pos++];
}

static uint32_t in_u32(struct in *c) {
    uint32_t v;
    if (c->len - c->pos < 4) fail(MSG_MALFORMED);
    v = get_u32(frame + c->pos);
    c->pos += 4;
    return v;
}

/* A str field as a NUL-terminated string in place: its bytes move over its own length prefix, which leaves room
 * for the terminator before the next field. */
static char *in_str(struct in *c, size_t *length) {
    size_t start = c->pos;
    uint32_t n = in_u32(c);
    char *s = (char *)frame + start;
    if (c->len - c->pos < n) fail(MSG_MALFORMED);
    memmove(s, frame + c->pos, n);
    s[n] = '\0';
    c->pos += n;
    if (length != NULL) *length = n;
    return s;
}

/* A strs field as a NULL-terminated array (for execve). */
static char **in_strs(struct in *c) {
    uint32_t count = in_u32(c), i;
    char **list;
    if (count > (c->len - c->pos) / 4) fail(MSG_MALFORMED); /* each entry takes 4 bytes at least */
    list = calloc((size_t)count + 1, sizeof *list);
    if (list == NULL) fail("aws-vault: error: out of memory");
    for (i = 0; i < count; i++) list[i] = in_str(c, NULL);
    return list;
}

static void in_end(const struct in *c) {
    if (c->pos != c->len) fail(MSG_MALFORMED);
}

/* ---- prompts ------------------------------------------------------------------------------------------------ */

/* The terminal while a secret is read, so that a signal can give its echo back before the process ends. */
static volatile sig_atomic_t tty_fd = -1;
static struct termios tty_saved, tty_secret;

static const int restore_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP};
#define RESTORE_SIGNALS (sizeof restore_signals / sizeof restore_signals[0])
static struct sigaction previous_actions[RESTORE_SIGNALS];

static void on_signal(int sig);

static void install_handler(int sig, struct sigaction *previous) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_signal;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    (void)sigaction(sig, &action, previous);
}

/* Echo back on, then the signal's default action; after a stop (SIGTSTP) echo goes off again on resume. Only
 * async-signal-safe calls. */
static void on_signal(int sig) {
    int saved_errno = errno;
    sigset_t set;
    if (tty_fd >= 0) (void)tcsetattr(tty_fd, TCSANOW, &tty_saved);
    (void)signal(sig, SIG_DFL);
    sigemptyset(&set);
    sigaddset(&set, sig);
    (void)sigprocmask(SIG_UNBLOCK, &set, NULL);
    (void)raise(sig);
    /* Still here: the signal stopped the process and it was continued. */
    install_handler(sig, NULL);
    if (tty_fd >= 0) (void)tcsetattr(tty_fd, TCSANOW, &tty_secret);
    errno = saved_errno;
}

/* Reads one line from the terminal into answer (without the line end). Returns its length, or -1 at end of input
 * with nothing read. A line longer than the buffer is cut. */
static long read_line(int fd) {
    size_t n = 0;
    int any = 0;
    for (;;) {
        char ch;
        ssize_t got = read(fd, &ch, 1);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return any ? (long)n : -1;
        any = 1;
        if (ch == '\n') break;
        if (n < MAX_ANSWER) answer[n++] = ch;
    }
    if (n > 0 && answer[n - 1] == '\r') n--;
    return (long)n;
}

/* Asks on /dev/tty. Returns the answer's length in `answer`, or -1 when there is no terminal or no input. */
static long prompt(const char *text, size_t text_len, int echo) {
    long n;
    size_t i;
    int fd = open("/dev/tty", O_RDWR | O_NOCTTY);
    if (fd < 0) return -1;
    (void)fcntl(fd, F_SETFD, FD_CLOEXEC);
    if (echo || tcgetattr(fd, &tty_saved) != 0) {
        (void)write_all(fd, text, text_len);
        n = read_line(fd);
    } else {
        tty_secret = tty_saved;
        tty_secret.c_lflag &= ~(tcflag_t)ECHO;
        tty_secret.c_lflag |= ICANON | ISIG;
        tty_secret.c_iflag |= ICRNL;
        for (i = 0; i < RESTORE_SIGNALS; i++) {
            (void)sigaction(restore_signals[i], NULL, &previous_actions[i]);
            /* A signal ignored by whoever started us (nohup) stays ignored. */
            if (previous_actions[i].sa_handler != SIG_IGN) install_handler(restore_signals[i], NULL);
        }
        tty_fd = fd;
        (void)tcsetattr(fd, TCSANOW, &tty_secret);
        /* The prompt only once echo is off: an answer typed as soon as it shows is never echoed. */
        (void)write_all(fd, text, text_len);
        n = read_line(fd);
        (void)tcsetattr(fd, TCSANOW, &tty_saved);
        tty_fd = -1;
        for (i = 0; i < RESTORE_SIGNALS; i++) (void)sigaction(restore_signals[i], &previous_actions[i], NULL);
        (void)write_all(fd, "\n", 1); /* the user's Enter was not echoed */
    }
    close(fd);
    return n;
}

/* Forgets a secret (a plain memset may be optimised away before the buffer is reused). */
static void wipe(void *p, size_t n) {
    volatile unsigned char *v = p;
    while (n--) *v++ = 0;
}

/* ---- the conversation --------------------------------------------------------------------------------------- */

static void exec_program(struct in *c) {
    char *executable = in_str(c, NULL);
    char **argv = in_strs(c);
    char **envp = in_strs(c);
    char *directory = in_str(c, NULL);
    in_end(c);
    if (directory[0] != '\0' && chdir(directory) != 0) {
        error_errno("chdir", directory, errno);
        exit(127);
    }
    execve(executable, argv, envp);
    error_errno("exec", executable, errno);
    exit(127);
}

int main(int argc, char **argv) {
    static char dist_id[4096];
    static char cwd_buffer[65536];
    struct out o = {NULL, 0, 0};
    size_t start;
    char *cwd;
    unsigned flags = 0;
    int fd, delivered, tty;
    ssize_t id_len = 0;
    size_t env_count = 0;

    if (argc < 2) {
        static const char usage[] = "usage: aws-vault-client <home> <argv...>\n";
        (void)write_all(2, usage, sizeof usage - 1);
        return 2;
    }
    home = argv[1];
    cold_argv = argv + 1;

    /* The distribution's id for the hello; without it the agent cannot tell whether it matches: go cold. */
    {
        char path[4096];
        int n = snprintf(path, sizeof path, "%s/lib/dist.id", home);
        int id_fd = (n < 0 || (size_t)n >= sizeof path) ? -1 : open(path, O_RDONLY);
        if (id_fd < 0) exec_cold();
        while ((size_t)id_len < sizeof dist_id) {
            ssize_t got = read(id_fd, dist_id + id_len, sizeof dist_id - (size_t)id_len);
            if (got < 0 && errno == EINTR) continue;
            if (got <= 0) break;
            id_len += got;
        }
        close(id_fd);
        while (id_len > 0 && (dist_id[id_len - 1] == '\n' || dist_id[id_len - 1] == '\r')) id_len--;
    }

    fd = connect_agent();
    if (fd < 0) exec_cold_as("no-agent");

    if (isatty(0)) flags |= FLAG_STDIN_TTY;
    if (isatty(1)) flags |= FLAG_STDOUT_TTY;
    tty = open("/dev/tty", O_RDWR | O_NOCTTY);
    if (tty >= 0) {
        flags |= FLAG_CONTROLLING_TTY;
        close(tty);
    }
    cwd = getcwd(cwd_buffer, sizeof cwd_buffer);
    while (environ[env_count] != NULL) env_count++;

    /* H and R in one send. When it fails the agent cannot have run the command (it never got all of R), so the
     * cold path is safe, after reading whatever the agent said first (an F for another version). */
    start = out_begin(&o, 'H');
    out_u32(&o, PROTOCOL_VERSION);
    out_str(&o, dist_id, (size_t)id_len);
    out_end(&o, start);
    start = out_begin(&o, 'R');
    out_strs(&o, argv + 2, (size_t)(argc - 2));
    out_strs(&o, environ, env_count);
    out_str(&o, cwd ? cwd : "", cwd ? strlen(cwd) : 0);
    out_u8(&o, flags);
    out_end(&o, start);
    if (o.len - start - 5 > MAX_FRAME) {
        /* More than the agent accepts (a huge environment): only the cold path can run it. */
        close(fd);
        exec_cold();
    }
    delivered = out_send(fd, &o) == 0;

    for (;;) {
        unsigned char header[5];
        struct in c;
        uint32_t length;
        int got = read_full(fd, header, sizeof header);
        if (got <= 0) {
            if (!delivered) {
                close(fd);
                exec_cold();
            }
            fail(MSG_CLOSED);
        }
        length = get_u32(header + 1);
        if (length > MAX_FRAME) fail(MSG_MALFORMED);
        switch (header[0]) {
        case 'O': case 'E': case 'P': case 'X': case 'C': case 'F': break;
        default: fail(MSG_MALFORMED);
        }
        if (read_full(fd, frame, length) <= 0) fail(MSG_CLOSED);
        c.pos = 0;
        c.len = length;

        switch (header[0]) {
        case 'O':
        case 'E':
            /* An output that is gone (a closed pipe with SIGPIPE ignored) does not end the command. */
            (void)write_all(header[0] == 'O' ? 1 : 2, frame, length);
            break;
        case 'P': {
            unsigned echo = in_u8(&c);
            size_t text_len;
            char *text = in_str(&c, &text_len);
            long n;
            in_end(&c);
            n = prompt(text, text_len, echo != 0);
            start = out_begin(&o, 'A');
            out_u8(&o, n >= 0 ? 1u : 0u);
            out_str(&o, answer, n >= 0 ? (size_t)n : 0);
            out_end(&o, start);
            wipe(answer, sizeof answer);
            if (out_send(fd, &o) != 0) {
                wipe(o.data, o.cap);
                fail(MSG_CLOSED);
            }
            wipe(o.data, o.cap);
            break;
        }
        case 'X': {
            uint32_t status = in_u32(&c);
            in_end(&c);
            exit((int)(status & 0xFFu));
        }
        case 'C':
            close(fd);
            exec_program(&c);
            break;
        case 'F': {
            size_t reason_len;
            char *reason = in_str(&c, &reason_len);
            in_end(&c);
            close(fd);
            if (reason_len > 0) {
                (void)write_all(2, reason, reason_len);
                (void)write_all(2, "\n", 1);
            }
            exec_cold();
        }
        }
    }
}
