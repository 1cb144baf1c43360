/** The dashboard's built files (single-page app and report chart script) on the classpath. */
package dev.testops.app.dashboard;
