using Selbsthilfe.GroupDirectory.Api.Domain;
using Selbsthilfe.GroupDirectory.Api.Listings;
using Selbsthilfe.GroupDirectory.Api.Taxonomy;

namespace Selbsthilfe.GroupDirectory.Api.Federation;

/// <summary>
/// What feeds written by others from the HSDS spec (https://docs.openreferral.org/en/latest/hsds/schema_reference.html)
/// say in other shapes than ours: the office nested in the service or named only by its id, the place under
/// <c>service_at_locations</c>, topics as <c>attributes</c>, a <c>status</c> instead of a tombstone, office ids that are
/// not our slugs, postal and physical addresses side by side. Lists may hold nulls: each is skipped, never dereferenced.
/// </summary>
public static class ForeignFeeds
{
    /// <summary>
    /// The entry with its office and place where our feed has them, and the office id as one of our slugs. A service
    /// that is not active (HSDS: inactive, defunct, temporarily closed) is a withdrawal: nobody can go there now.
    /// </summary>
    public static FeedItem Resolve(FeedItem item)
    {
        if (item.Deleted || item.Service is not { } service) return item;
        if (service.Status is { } status && !status.Trim().Equals("active", StringComparison.OrdinalIgnoreCase)) return item with { Deleted = true };
        var organization = item.Organization ?? service.Organization
            ?? (service.OrganizationId is { } id ? new FeedOrganization(id, id) : null);
        if (organization is { Id: { } officeId } && (!OfficeRules.IsSlug(officeId) || organization.Name is null))
            organization = new FeedOrganization(OfficeSlug(officeId) ?? officeId, organization.Name ?? officeId);
        var location = item.Location ?? service.ServiceAtLocations?.Select(l => l?.Location).FirstOrDefault(l => l is not null);
        return ReferenceEquals(organization, item.Organization) && ReferenceEquals(location, item.Location)
            ? item
            : item with { Organization = organization, Location = location };
    }

    /// <summary>
    /// A peer's office id as one of our slugs, the same every time: "org_12" → "org-12", "3F2504E0-4F89-…" →
    /// "3f2504e0-4f89-…", "KISS München" → "kiss-muenchen"; null when nothing usable is left.
    /// </summary>
    public static string? OfficeSlug(string id)
    {
        if (OfficeRules.IsSlug(id)) return id;
        var slug = new System.Text.StringBuilder(id.Length);
        foreach (var c in TopicTaxonomy.Normalize(id))
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9') slug.Append(c);
            else if (slug.Length > 0 && slug[^1] != '-') slug.Append('-');
        }
        var text = slug.ToString(0, Math.Min(slug.Length, 60)).Trim('-');
        return OfficeRules.IsSlug(text) ? text : null;
    }

    /// <summary>
    /// Our topics among the entry's terms (<c>taxonomy_terms</c>, and HSDS 3's <c>attributes[].taxonomy_term</c>), at
    /// most as many as a listing may have. A term is matched by our code when its id is one (our own feed), by its label
    /// (HSDS 3 <c>name</c>, HSDS 2 <c>term</c>), then by its code (ICD-10, say) or id as a name our taxonomy knows, and
    /// last by its label read as a search would (typo-tolerant).
    /// </summary>
    public static List<string> Topics(FeedService service, TopicTaxonomy taxonomy)
    {
        var terms = (service.TaxonomyTerms ?? []).Concat((service.Attributes ?? []).Select(a => a?.TaxonomyTerm)).OfType<FeedTaxonomyTerm>();
        return terms.Select(t => Topic(t, taxonomy)).OfType<string>().Distinct().Take(ListingRules.MaxTopics).ToList();
    }

    private static string? Topic(FeedTaxonomyTerm term, TopicTaxonomy taxonomy)
    {
        if (term.Id is { } id && taxonomy[id] is not null) return id;
        var label = term.Name ?? term.Term;
        foreach (var key in (string?[])[label, term.Code, term.Id])
        {
            if (key is not null && taxonomy.Find(key) is [var topic, ..]) return topic.Code;
        }
        return label is null ? null : taxonomy.Match(label).FirstOrDefault();
    }

    /// <summary>ISO 639-1 codes of the languages named; unknown ones are left out, and with none left the group speaks German.</summary>
    public static List<string> Languages(IReadOnlyList<FeedLanguage?>? languages)
    {
        var codes = (languages ?? []).OfType<FeedLanguage>().Select(l => LanguageCodes.Find(l.Code) ?? LanguageCodes.Find(l.Name))
            .OfType<string>().Distinct().ToList();
        return codes.Count > 0 ? codes : ["de"];
    }

    /// <summary>Where the group meets: the physical address where a location has several (HSDS 3 also lists postal ones).</summary>
    public static FeedAddress? Address(FeedLocation location)
    {
        var addresses = (location.Addresses ?? []).OfType<FeedAddress>().ToList();
        return addresses.FirstOrDefault(a => a.AddressType?.Trim().Equals("physical", StringComparison.OrdinalIgnoreCase) == true)
            ?? addresses.FirstOrDefault();
    }

    /// <summary>
    /// A German postcode written as a number loses its leading zero (1067 for 01067): it is put back, unless the
    /// address says it is in another country (Austria's and Switzerland's have four digits).
    /// </summary>
    public static string? Postcode(FeedAddress address) =>
        address.PostalCode?.Trim() is { Length: 4 } digits && digits.All(char.IsAsciiDigit)
            && (address.Country is null || !MeetingGuideAddress.IsForeign(address.Country))
            ? "0" + digits
            : address.PostalCode?.Trim();

    public static string? Phone(FeedService service) =>
        UsablePhone(service.Phone ?? service.Phones?.Select(p => p?.Number).FirstOrDefault(n => n is not null));

    /// <summary>
    /// A group's phone from another site, written as our listings allow ("0331.12 34 56" as "0331 12 34 56"); a number
    /// that still does not fit ("Tel. 0331 …", an extension in words) is left out rather than refusing the group for it.
    /// </summary>
    private static string? UsablePhone(string? written) =>
        written?.Replace('.', ' ').Trim() is { Length: > 0 } phone && ListingRules.IsPhone(phone) ? phone : null;
}
