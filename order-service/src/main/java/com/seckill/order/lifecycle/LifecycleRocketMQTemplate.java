package com.seckill.order.lifecycle;

import org.apache.rocketmq.spring.annotation.ExtRocketMQTemplateConfiguration;
import org.apache.rocketmq.spring.core.RocketMQTemplate;

/**
 * The producer of status changes (paid, cancelled), in its own producer group: the broker's
 * check-backs for these transactional messages then reach {@link TransitionTransaction}, not the
 * reservation's listener.
 */
@ExtRocketMQTemplateConfiguration(group = "${seckill.lifecycle.producer-group}")
class LifecycleRocketMQTemplate extends RocketMQTemplate {
}
