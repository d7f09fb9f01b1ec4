using System.Globalization;
using Microsoft.Extensions.Options;
using UnionOne.Modules.Members.Import.Reading;

namespace UnionOne.Modules.Members.Import.Upload;

/// <summary>Reads the multipart upload (unionId + file) shared by the API and the console form, within the size limit.</summary>
internal static class UploadedFile
{
    /// <summary>Room for the other form fields and multipart boundaries beside the file itself.</summary>
    private const long FormOverhead = 64 * 1024;

    public static long RequestLimit(MemberImportOptions o) => o.MaxFileBytes + FormOverhead;

    /// <summary>Returns the union id and file, or throws ImportFileException (413 when too large) / InputValidationException.</summary>
    public static async Task<(long UnionId, IFormFile File)> ReadAsync(HttpRequest request, MemberImportOptions o, CancellationToken ct)
    {
        if (request.ContentLength > RequestLimit(o)) throw TooLarge(o);
        if (!request.HasFormContentType) throw new Platform.Problems.InputValidationException("file", "请以 multipart/form-data 上传文件");
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        catch (InvalidDataException)
        {
            throw TooLarge(o);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(o);
        }
        var file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault();
        var errors = new Dictionary<string, string[]>();
        if (!long.TryParse(form["unionId"], NumberStyles.None, CultureInfo.InvariantCulture, out var unionId) || unionId <= 0)
            errors["unionId"] = ["请选择要导入的工会"];
        if (file is null || file.Length == 0) errors["file"] = ["请选择要导入的文件（.xlsx 或 .csv）"];
        if (errors.Count > 0) throw new Platform.Problems.InputValidationException(errors);
        if (file!.Length > o.MaxFileBytes) throw TooLarge(o);
        return (unionId, file);
    }

    public static ImportFileException TooLarge(MemberImportOptions o) =>
        new($"文件超过{o.MaxFileSizeText}上限，请拆分后分批导入", tooLarge: true);

    public static MemberImportOptions Options(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<MemberImportOptions>>().Value;
}
