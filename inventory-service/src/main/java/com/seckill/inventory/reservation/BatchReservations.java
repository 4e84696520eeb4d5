package com.seckill.inventory.reservation;

import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A group commit's batch, split by activity: one script call per activity (at a sale's peak, one for
 * the whole batch), each deciding its orders in the order they came.
 */
@Service
class BatchReservations {

    private final StockReservations reservations;

    BatchReservations(StockReservations reservations) {
        this.reservations = reservations;
    }

    ReservationBatch.Results reserve(ReservationBatch batch) {
        Map<Long, List<Integer>> positions = new LinkedHashMap<>();
        for (int i = 0; i < batch.reservations().size(); i++) {
            positions.computeIfAbsent(batch.reservations().get(i).activityId(), id -> new ArrayList<>()).add(i);
        }
        Map<Long, List<String>> published = new LinkedHashMap<>();
        batch.published().forEach(ref -> published.computeIfAbsent(ref.activityId(), id -> new ArrayList<>()).add(ref.orderId()));
        published.keySet().forEach(activityId -> positions.putIfAbsent(activityId, List.of()));
        Map<Long, List<Integer>> replayPositions = new LinkedHashMap<>();
        for (int i = 0; i < batch.replays().size(); i++) {
            replayPositions.computeIfAbsent(batch.replays().get(i).activityId(), id -> new ArrayList<>()).add(i);
        }
        replayPositions.keySet().forEach(activityId -> positions.putIfAbsent(activityId, List.of()));

        ReservationResult[] results = new ReservationResult[batch.reservations().size()];
        String[] replayed = new String[batch.replays().size()];
        List<Integer> unknown = new ArrayList<>();
        positions.forEach((activityId, indexes) -> {
            List<ReservationRequest> requests = indexes.stream().map(i -> batch.reservations().get(i).request()).toList();
            List<Integer> replayIndexes = replayPositions.getOrDefault(activityId, List.of());
            StockReservations.Decided decided = reservations.reserve(activityId, requests, published.getOrDefault(activityId, List.of()),
                    replayIndexes.stream().map(i -> batch.replays().get(i)).toList());
            for (int j = 0; j < indexes.size(); j++) {
                results[indexes.get(j)] = decided.results().get(j);
            }
            for (int j = 0; j < replayIndexes.size(); j++) {
                replayed[replayIndexes.get(j)] = decided.replayed().get(j);
                if (decided.replayUnknown().get(j)) {
                    unknown.add(replayIndexes.get(j));
                }
            }
        });
        unknown.sort(null);
        return new ReservationBatch.Results(Arrays.asList(results), Arrays.asList(replayed), unknown);
    }
}
