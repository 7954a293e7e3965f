package dev.tidings.template.service;

import dev.tidings.contracts.Os;
import dev.tidings.contracts.segment.Segment;
import dev.tidings.contracts.segment.SegmentQueryParser;
import dev.tidings.contracts.events.Occurrence;
import dev.tidings.template.repository.AudienceRepository;
import dev.tidings.template.repository.AudienceRepository.Member;
import io.smallrye.mutiny.Uni;
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

    public AudienceService(AudienceRepository repository,
                           @org.eclipse.microprofile.config.inject.ConfigProperty(name = "tidings.audience.page-size",
                                   defaultValue = "5000") int pageSize) {
        this.repository = repository;
        this.pageSize = pageSize;
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
        return page(o, systems, segment, withProperties, null, 0, onPage);
    }

    private Uni<Integer> page(Occurrence o, List<Os> systems, Segment segment, boolean withProperties, UUID after, int seen,
                              Function<List<Member>, Uni<Void>> onPage) {
        return repository.channelPage(o.appId(), systems, o.channel(), segment, after, pageSize, withProperties).chain(members -> {
            if (members.isEmpty()) {
                return Uni.createFrom().item(seen);
            }
            Uni<Void> work = onPage.apply(members);
            if (members.size() < pageSize) {
                return work.replaceWith(seen + members.size());
            }
            UUID last = members.get(members.size() - 1).registrationId();
            return work.chain(() -> page(o, systems, segment, withProperties, last, seen + members.size(), onPage));
        });
    }

}
