package dev.mcp.ambassador.identity;

import com.nulabinc.zxcvbn.Feedback;
import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;
import dev.mcp.ambassador.web.Problems;
import java.nio.CharBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.stereotype.Component;

/**
 * What a password must be: at least 12 characters and a zxcvbn score of 3 or more, judged with the
 * user's own name and display name as known words. A refusal says what to improve, never the
 * password itself.
 */
@Component
class PasswordPolicy {

    static final int MIN_LENGTH = 12;
    static final int MIN_SCORE = 3;

    private final Zxcvbn zxcvbn = new Zxcvbn();

    /**
     * Throws a 400 problem naming the field {@code password} unless the password is acceptable.
     */
    void check(char[] password, String username, String displayName) {
        String problem = problem(password, username, displayName);
        if (problem != null) {
            throw Problems.invalidField("password", problem);
        }
    }

    /** Why the password is refused, or null when it is acceptable. */
    String problem(char[] password, String username, String displayName) {
        if (password.length < MIN_LENGTH) {
            return "must be at least " + MIN_LENGTH + " characters long";
        }
        List<String> userInputs = new ArrayList<>();
        userInputs.add(Objects.requireNonNullElse(username, ""));
        userInputs.add(Objects.requireNonNullElse(displayName, ""));
        // zxcvbn wipes what it measured; give it a copy so the caller's password survives.
        char[] copy = password.clone();
        Strength strength = zxcvbn.measure(CharBuffer.wrap(copy), userInputs);
        try {
            if (strength.getScore() >= MIN_SCORE) {
                return null;
            }
            Feedback feedback = strength.getFeedback();
            StringBuilder message = new StringBuilder("is too easy to guess");
            if (feedback.getWarning() != null && !feedback.getWarning().isBlank()) {
                message.append(": ").append(feedback.getWarning().trim());
            }
            List<String> suggestions = feedback.getSuggestions();
            if (suggestions != null && !suggestions.isEmpty()) {
                message.append(". ").append(String.join(" ", suggestions));
            } else {
                message.append(". Use a longer phrase of uncommon words.");
            }
            return message.toString();
        } finally {
            strength.wipe();
            java.util.Arrays.fill(copy, '\0');
        }
    }
}
