package cn.onething.catalogue;

/** 问题 — one thing wrong with a template: where (a JSON pointer into it) and what to do, in Chinese. */
public record Diagnostic(String pointer, String message) {}
