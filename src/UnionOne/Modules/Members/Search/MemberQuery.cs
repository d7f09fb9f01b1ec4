using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Members.Domain;
using UnionOne.Platform.Security;

namespace UnionOne.Modules.Members.Search;

/// <summary>The list's filters as they arrive from a query string (API, console page and export alike).</summary>
internal sealed partial record MemberQuery(
    long? UnionId = null,
    string? Q = null,
    string? Phone = null,
    string? IdSuffix = null,
    string? Tag = null,
    string? JobType = null,
    string? Status = null,
    int? Page = null,
    int? PageSize = null)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public int PageNumber => Math.Max(Page ?? 1, 1);

    public int Size => Math.Clamp(PageSize ?? DefaultPageSize, 1, MaxPageSize);

    /// <summary>Validates and turns the query into a filter (hashing phone and ID suffix); 400 with field errors otherwise.</summary>
    public MemberFilter ToFilter(MemberSecrets secrets, IStringLocalizer l)
    {
        var errors = new FieldErrors(l);
        string? namePrefix = null, memberNo = null;
        var q = (Q ?? "").Trim();
        if (q.Length > 30) errors.Add("q", "姓名关键字最多30个字符");
        else if (MemberNoPattern().IsMatch(q)) memberNo = q.ToUpperInvariant();
        else if (q.Length > 0) namePrefix = q;

        byte[]? phoneHash = null;
        if (!string.IsNullOrWhiteSpace(Phone))
        {
            var phone = MemberFields.Phone(Phone, out var error);
            if (phone is null) errors.Add("phone", error);
            else phoneHash = secrets.PhoneHash(phone);
        }
        byte[]? suffixHash = null;
        if (!string.IsNullOrWhiteSpace(IdSuffix))
        {
            var suffix = MemberFields.IdSuffix(IdSuffix, out var error);
            if (suffix is null) errors.Add("idSuffix", error);
            else suffixHash = secrets.IdSuffixHash(suffix);
        }
        string? tag = null;
        if (!string.IsNullOrWhiteSpace(Tag))
        {
            tag = MemberFields.Tag(Tag, out var error);
            if (tag is null) errors.Add("tag", error);
        }
        JobType? jobType = null;
        if (!string.IsNullOrWhiteSpace(JobType))
        {
            jobType = MemberFields.JobType(JobType, out var error);
            if (jobType is null) errors.Add("jobType", error);
        }
        MemberStatus? status = null;
        if (!string.IsNullOrWhiteSpace(Status))
        {
            status = MemberFields.Status(Status, out var error);
            if (status is null) errors.Add("status", error);
        }
        errors.ThrowIfAny();
        return new MemberFilter(namePrefix, memberNo, phoneHash, suffixHash, tag, jobType, status);
    }

    /// <summary>The filter as written to the audit log: never a phone or ID number in clear.</summary>
    public object AuditSummary() => new
    {
        unionId = UnionId,
        q = string.IsNullOrWhiteSpace(Q) ? null : Q.Trim(),
        phone = string.IsNullOrWhiteSpace(Phone) ? null : Mask.Phone(Phone.Trim()),
        idSuffix = string.IsNullOrWhiteSpace(IdSuffix) ? null : "****",
        tag = string.IsNullOrWhiteSpace(Tag) ? null : Tag.Trim(),
        jobType = string.IsNullOrWhiteSpace(JobType) ? null : JobType.Trim(),
        status = string.IsNullOrWhiteSpace(Status) ? null : Status.Trim(),
    };

    public static string JsonEnum<T>(T value) where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    [GeneratedRegex("^[Mm][0-9]{10}$")]
    private static partial Regex MemberNoPattern();
}
