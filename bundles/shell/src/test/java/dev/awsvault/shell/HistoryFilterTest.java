package dev.awsvault.shell;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HistoryFilterTest {

    @Test
    void ordinaryCommandsAreRecorded() {
        assertTrue(HistoryFilter.mayRecord("list"));
        assertTrue(HistoryFilter.mayRecord("exec work/admin --no-session -- sh -c 'echo $AWS_ACCESS_KEY_ID'"));
        assertTrue(HistoryFilter.mayRecord("export --format=json home"));
    }

    @Test
    void anMfaCodeKeepsTheLineOut() {
        assertFalse(HistoryFilter.mayRecord("exec home --mfa-token 123456 -- aws s3 ls"));
        assertFalse(HistoryFilter.mayRecord("exec home --mfa-token=123456"));
        assertFalse(HistoryFilter.mayRecord("login -t 123456 home"));
        assertFalse(HistoryFilter.mayRecord("login -t123456 home"));
        assertFalse(HistoryFilter.mayRecord("login -dt 123456 home"));
        assertFalse(HistoryFilter.mayRecord("exec home '--mfa-token' 123456"));
    }

    @Test
    void wordsAfterTheDoubleDashBelongToTheChild() {
        assertTrue(HistoryFilter.mayRecord("exec home -- tar -tf x.tar"));
    }

    @Test
    void anUnbalancedLineThatMentionsTheFlagIsKeptOut() {
        assertFalse(HistoryFilter.mayRecord("exec home --mfa-token 123456 -- sh -c 'x"));
        assertFalse(HistoryFilter.mayRecord("exec home -t 123456 'x"));
        assertTrue(HistoryFilter.mayRecord("exec home -- sh -c 'x"));
    }

    @Test
    void blankLinesAreNotRecorded() {
        assertFalse(HistoryFilter.mayRecord(""));
        assertFalse(HistoryFilter.mayRecord("   "));
    }
}
