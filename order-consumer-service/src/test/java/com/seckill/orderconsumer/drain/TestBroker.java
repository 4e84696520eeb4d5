package com.seckill.orderconsumer.drain;

import com.seckill.testsupport.TestServers;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.exception.RemotingException;
import org.apache.rocketmq.remoting.protocol.admin.TopicOffset;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;

import java.util.UUID;

/** What an operator does with mqadmin: move a group's offsets, look into a topic. */
final class TestBroker implements AutoCloseable {

    private final DefaultMQAdminExt admin;

    TestBroker() {
        admin = new DefaultMQAdminExt();
        admin.setNamesrvAddr(TestServers.rocketMqNamesrv());
        // Own client instance, apart from the consumer's and producers' in this JVM.
        admin.setInstanceName("it-admin-" + UUID.randomUUID());
        try {
            admin.start();
        } catch (MQClientException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Moves the group back to the first message stored at or after the time: the broker delivers them again. */
    void resetOffsets(String topic, String group, long epochMillis) {
        try {
            admin.resetOffsetByTimestamp(topic, group, epochMillis, true);
        } catch (RemotingException | MQBrokerException | MQClientException e) {
            throw new IllegalStateException("could not reset " + group + " on " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Messages ever stored in the topic; 0 while it does not exist (a dead-letter topic appears with its first message). */
    long messagesIn(String topic) {
        try {
            return admin.examineTopicStats(topic).getOffsetTable().values().stream()
                    .mapToLong(TopicOffset::getMaxOffset)
                    .sum();
        } catch (MQClientException e) {
            return 0; // no route: the topic does not exist yet
        } catch (RemotingException | MQBrokerException e) {
            throw new IllegalStateException("could not read " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next offset the queue will give out. */
    long endOf(MessageQueue queue) {
        try {
            return admin.maxOffset(queue);
        } catch (MQClientException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        admin.shutdown();
    }
}
