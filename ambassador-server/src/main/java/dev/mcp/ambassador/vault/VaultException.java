package dev.mcp.ambassador.vault;

/** A credential could not be sealed or opened; the message names no key or value material. */
public class VaultException extends RuntimeException {

    public VaultException(String message) {
        super(message);
    }
}
