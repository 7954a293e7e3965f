package dev.tidings.template.service;

import dev.tidings.contracts.Os;
import dev.tidings.contracts.segment.Segment;
import dev.tidings.contracts.segment.SegmentQueryParser;
import dev.tidings.contracts.events.Occurrence;
import dev.tidings.template.repository.AudienceRepository;
import dev.tidings.template.repository.AudienceRepository.Member;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** Resolves who an occurrence goes to, page by page, so a large broadcast never sits in memory whole. */
@ApplicationScoped
public class AudienceService {
    /** the systems Tidings delivers to; WP and OSX bits of a broadcast mask select nobody */
    private static final List<Os> DELIVERABLE = List.of(Os.ANDROID, Os.IOS);

    private final AudienceRepository repository;
    private final int pageSize;
    private final io.micrometer.core.instrument.MeterRegistry metrics;

    public AudienceService(AudienceRepository repository,
                           @org.eclipse.microprofile.config.inject.ConfigProperty(name = "tidings.audience.page-size",
                                   defaultValue = "5000") int pageSize,
                           io.micrometer.core.instrument.MeterRegistry metrics) {
        this.repository = repository;
        this.pageSize = pageSize;
        this.metrics = metrics;
    }

    /**
     * Feeds every recipient of the occurrence to {@code onPage}, one page at a time, each page only after
     * the previous one's work completed. Completes with the number of recipients. A segment query
     * narrows the channel's (or the singlecast list's) devices. With {@code withProperties}, each member
     * carries its custom properties (for smart text).
     *
     * @throws IllegalArgumentException when the segment query does not parse or a value does not fit its field
     */
    public Uni<Integer> forEachPage(Occurrence o, boolean withProperties, Function<List<Member>, Uni<Void>> onPage) {
        String kind = o.pushSinglecast() != null ? "singlecast" : o.segmentQuery() != null ? "segment" : "channel";
        return Uni.createFrom().deferred(() -> {
            long started = System.nanoTime();
            return resolve(o, withProperties, onPage).invoke(n -> io.micrometer.core.instrument.Timer.builder("tidings.audience.resolution")
                    .description("an occurrence's audience read and handed on page by page, its batches included")
                    .tag("kind", kind).publishPercentileHistogram().register(metrics)
                    .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS));
        });
    }

    private Uni<Integer> resolve(Occurrence o, boolean withProperties, Function<List<Member>, Uni<Void>> onPage) {
        List<Os> systems = DELIVERABLE.stream().filter(os -> os.in(o.pushBroadcast())).toList();
        if (systems.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        Segment segment = o.segmentQuery() == null ? null : SegmentQueryParser.parse(o.segmentQuery());
        if (o.pushSinglecast() != null) {
            return repository.devices(o.appId(), systems, o.pushSinglecast(), segment, withProperties)
                    .call(onPage::apply)
                    .map(List::size);
        }
        return Uni.createFrom().emitter(done -> page(o, systems, segment, withProperties, null, 0, onPage, done));
    }

    /**
     * Reads the page after {@code after}, waits for its work, then starts the next page from the callback.
     * Each step's subscription is over before the next one starts, so nothing of a page (its members, the
     * batches made of them) stays reachable once its work is done: memory stays that of one page whatever
     * the audience's size. (Chaining each page onto the previous one's Uni would keep every page alive
     * until the last one completed.)
     */
    private void page(Occurrence o, List<Os> systems, Segment segment, boolean withProperties, UUID after, int seen,
                      Function<List<Member>, Uni<Void>> onPage, UniEmitter<? super Integer> done) {
        repository.channelPage(o.appId(), systems, o.channel(), segment, after, pageSize, withProperties)
                .chain(members -> members.isEmpty() ? Uni.createFrom().item(members) : onPage.apply(members).replaceWith(members))
                .subscribe().with(members -> {
                    int total = seen + members.size();
                    if (members.size() < pageSize) {
                        done.complete(total);
                    } else {
                        page(o, systems, segment, withProperties, members.get(members.size() - 1).registrationId(), total,
                                onPage, done);
                    }
                }, done::fail);
    }
}
