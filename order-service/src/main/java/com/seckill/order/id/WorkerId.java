package com.seckill.order.id;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Which of the 1,024 worker ids this instance uses. An operator may set it (SECKILL_WORKER_ID);
 * otherwise it is the low 10 bits of the address the instance registers in Eureka, which is unique
 * among running pods of a subnet of /22 or smaller (a Kubernetes node's pod range usually is).
 */
final class WorkerId {

    private WorkerId() {
    }

    static int resolve(Integer configured, String instanceAddress) {
        if (configured != null) {
            return configured;
        }
        try {
            byte[] address = InetAddress.getByName(instanceAddress).getAddress();
            int low = ((address[address.length - 2] & 0xFF) << 8) | (address[address.length - 1] & 0xFF);
            return low & OrderIdGenerator.MAX_WORKER_ID;
        } catch (UnknownHostException e) {
            throw new IllegalStateException("Cannot derive a worker id from '" + instanceAddress + "': set SECKILL_WORKER_ID", e);
        }
    }
}
