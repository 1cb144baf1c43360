package dev.testops.app.server;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * The Spring Boot application: auto-configured Spring MVC on embedded Tomcat, and nothing else. Its
 * only TestOps beans, the router and the error-controller marker, are registered by {@link
 * TestOpsServer} before the context starts; nothing is scanned.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
class WebApp {}
