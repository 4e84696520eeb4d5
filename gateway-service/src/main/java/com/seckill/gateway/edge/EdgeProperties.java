package com.seckill.gateway.edge;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** @param maxBodySize the largest request body the gateway accepts (every API body is small JSON) */
@ConfigurationProperties("seckill.edge")
public record EdgeProperties(DataSize maxBodySize) {
}
