/** The master report as one self-contained HTML page, and the index of all reports. */
package dev.testops.core.report.html;
