package dev.mcp.ambassador.identity;

/** What a person may do: administer, review the audit trail, or use tools. */
public enum Role {
    ADMIN,
    AUDITOR,
    USER;

    /** The Spring Security authority that stands for this role. */
    public String authority() {
        return "ROLE_" + name();
    }
}
