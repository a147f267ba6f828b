using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Hematology.Integration.Mllp.Framing;

namespace Hematology.Integration.Mllp.Tests.Framing;

public sealed class MllpFrameReaderTests
{
    private static readonly byte[] Vt = [0x0B];
    private static readonly byte[] FsCr = [0x1C, 0x0D];

    [Fact]
    public async Task ReadFrameAsync_TwoFramesInOneRead_ReturnsBothInOrder()
    {
        var (pipe, reader) = Create();
        await Write(pipe, [.. Vt, .. Ascii("MSH|A"), .. FsCr, .. Vt, .. Ascii("MSH|B"), .. FsCr]);

        Assert.Equal("MSH|A", await NextText(reader));
        Assert.Equal("MSH|B", await NextText(reader));
        Assert.Equal(0, reader.DiscardedBytes);
    }

    [Fact]
    public async Task ReadFrameAsync_FrameSplitByteByByte_WaitsAndReturnsTheWholeFrame()
    {
        var (pipe, reader) = Create();
        var frame = TestFrame("MSH|^~\\&|SPLIT");
        var pending = reader.ReadFrameAsync(CancellationToken.None);
        for (var i = 0; i < frame.Length - 2; i++)
        {
            await Write(pipe, [frame[i]]);
            await Task.Yield();
            Assert.False(pending.IsCompleted, $"the frame completed after {i + 1} of {frame.Length} bytes");
        }

        // The frame is complete at FS; the CR that follows is consumed whenever it arrives.
        await Write(pipe, [frame[^2]]);
        var result = await pending;
        Assert.Equal(MllpFrameStatus.Frame, result.Status);
        Assert.Equal("MSH|^~\\&|SPLIT", Encoding.ASCII.GetString(result.Payload.ToArray()));
        reader.Release();
        await Write(pipe, [frame[^1], .. TestFrame("MSH|NEXT")]);
        Assert.Equal("MSH|NEXT", await NextText(reader));
        Assert.Equal(0, reader.DiscardedBytes);
    }

    [Fact]
    public async Task ReadFrameAsync_LargeFrameInManySegments_ReturnsExactPayload()
    {
        var (pipe, reader) = Create();
        var body = Enumerable.Range(0, 100_000).Select(i => (byte)('A' + (i % 26))).ToArray();
        var frame = TestFrame(body);
        var reading = reader.ReadFrameAsync(CancellationToken.None).AsTask();
        for (var offset = 0; offset < frame.Length; offset += 997)
        {
            await Write(pipe, frame.AsSpan(offset, Math.Min(997, frame.Length - offset)).ToArray());
        }

        var result = await reading;
        Assert.Equal(MllpFrameStatus.Frame, result.Status);
        Assert.Equal(body, result.Payload.ToArray());
    }

    [Fact]
    public async Task ReadFrameAsync_JunkBeforeStartBlock_DiscardsAndCountsIt()
    {
        var (pipe, reader) = Create();
        await Write(pipe, [0x02, .. Ascii("noise\r\n"), .. TestFrame("MSH|X")]);

        Assert.Equal("MSH|X", await NextText(reader));
        Assert.Equal(8, reader.DiscardedBytes);
    }

    [Fact]
    public async Task ReadFrameAsync_StrictModeAndUnframedReply_ReportsBytesOutsideFrame()
    {
        var pipe = new Pipe();
        var reader = new MllpFrameReader(pipe.Reader, 1024, strict: true);
        await Write(pipe, Ascii("MSH|^~\\&|LIS\rMSA|AA|1\r"));

        var result = await reader.ReadFrameAsync(CancellationToken.None);

        Assert.Equal(MllpFrameStatus.BytesOutsideFrame, result.Status);
        Assert.True(result.Length > 0);
    }

    [Fact]
    public async Task ReadFrameAsync_StrictModeAndLineBreaksBetweenFrames_ToleratesThem()
    {
        var pipe = new Pipe();
        var reader = new MllpFrameReader(pipe.Reader, 1024, strict: true);
        await Write(pipe, [.. Ascii("\r\n"), .. TestFrame("MSH|Y")]);

        Assert.Equal("MSH|Y", await NextText(reader));
    }

    [Fact]
    public async Task ReadFrameAsync_OversizeFrameWithoutEnd_ReportsFrameTooLargeBeforeTheEndArrives()
    {
        var (pipe, reader) = Create(maxFrameSize: 100);
        await Write(pipe, [.. Vt, .. new byte[150]]);

        var result = await reader.ReadFrameAsync(CancellationToken.None);

        Assert.Equal(MllpFrameStatus.FrameTooLarge, result.Status);
        Assert.Equal(150, result.Length);
    }

    [Fact]
    public async Task ReadFrameAsync_CompleteFrameOverTheLimit_ReportsFrameTooLarge()
    {
        var (pipe, reader) = Create(maxFrameSize: 100);
        await Write(pipe, TestFrame(new byte[101]));

        Assert.Equal(MllpFrameStatus.FrameTooLarge, (await reader.ReadFrameAsync(CancellationToken.None)).Status);
    }

    [Fact]
    public async Task ReadFrameAsync_FrameOfExactlyTheLimit_IsAccepted()
    {
        var (pipe, reader) = Create(maxFrameSize: 100);
        await Write(pipe, TestFrame(Enumerable.Repeat((byte)'x', 100).ToArray()));

        Assert.Equal(100, (await reader.ReadFrameAsync(CancellationToken.None)).Length);
    }

    [Fact]
    public async Task ReadFrameAsync_EndOfStreamMidFrame_ReportsEndOfStreamInFrame()
    {
        var (pipe, reader) = Create();
        await Write(pipe, [.. Vt, .. Ascii("MSH|half")]);
        await pipe.Writer.CompleteAsync();

        var result = await reader.ReadFrameAsync(CancellationToken.None);

        Assert.Equal(MllpFrameStatus.EndOfStreamInFrame, result.Status);
        Assert.Equal(9, result.Length);
    }

    [Fact]
    public async Task ReadFrameAsync_EndOfStreamBetweenFrames_ReportsEndOfStream()
    {
        var (pipe, reader) = Create();
        await Write(pipe, TestFrame("MSH|1"));
        await pipe.Writer.CompleteAsync();

        Assert.Equal("MSH|1", await NextText(reader));
        Assert.Equal(MllpFrameStatus.EndOfStream, (await reader.ReadFrameAsync(CancellationToken.None)).Status);
    }

    [Fact]
    public async Task ReadFrameAsync_EndBlockWithoutCarriageReturn_EndsTheFrameAndCountsIt()
    {
        var (pipe, reader) = Create();
        await Write(pipe, [.. Vt, .. Ascii("MSH|A"), 0x1C, .. TestFrame("MSH|B")]);

        Assert.Equal("MSH|A", await NextText(reader));
        Assert.Equal("MSH|B", await NextText(reader));
        Assert.Equal(1, reader.FramesWithoutCarriageReturn);
        Assert.Equal(0, reader.DiscardedBytes);
    }

    [Fact]
    public async Task ReadFrameAsync_CarriageReturnInALaterPacket_IsSkippedSilently()
    {
        var (pipe, reader) = Create();
        await Write(pipe, [.. Vt, .. Ascii("MSH|A"), 0x1C]);
        Assert.Equal("MSH|A", await NextText(reader));

        await Write(pipe, [0x0D, .. TestFrame("MSH|B")]);
        Assert.Equal("MSH|B", await NextText(reader));
        Assert.Equal(0, reader.DiscardedBytes);
        Assert.False(reader.HasBufferedBytes);
    }

    [Fact]
    public async Task ReadFrameAsync_StartBlockInsideOpenFrame_DropsThePartialFrameAndResynchronises()
    {
        var (pipe, reader) = Create();
        await Write(pipe, [.. Vt, .. Ascii("MSH|lost"), .. TestFrame("MSH|kept")]);

        Assert.Equal("MSH|kept", await NextText(reader));
        Assert.Equal(1, reader.DroppedPartialFrames);
        Assert.Equal(9, reader.DiscardedBytes);
    }

    [Fact]
    public async Task Release_WithAnotherFrameBuffered_ReportsBufferedBytes()
    {
        var (pipe, reader) = Create();
        await Write(pipe, [.. TestFrame("MSH|1"), .. TestFrame("MSH|2")]);

        await reader.ReadFrameAsync(CancellationToken.None);
        reader.Release();

        Assert.True(reader.HasBufferedBytes);
    }

    [Fact]
    public async Task ReadFrameAsync_CancelPendingRead_ReportsCanceled()
    {
        var (pipe, reader) = Create();
        var pending = reader.ReadFrameAsync(CancellationToken.None);
        pipe.Reader.CancelPendingRead();

        Assert.Equal(MllpFrameStatus.Canceled, (await pending).Status);
    }

    [Fact]
    public void Write_Message_FramesItAsOneBuffer()
    {
        var frame = MllpFrame.Create(Ascii("MSH|Z"));

        Assert.Equal([0x0B, .. Ascii("MSH|Z"), 0x1C, 0x0D], frame);
    }

    private static (Pipe Pipe, MllpFrameReader Reader) Create(int maxFrameSize = 1 << 20)
    {
        var pipe = new Pipe();
        return (pipe, new MllpFrameReader(pipe.Reader, maxFrameSize, strict: false));
    }

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    private static byte[] TestFrame(string text) => TestFrame(Ascii(text));

    private static byte[] TestFrame(byte[] body) => [.. Vt, .. body, .. FsCr];

    private static async Task Write(Pipe pipe, byte[] bytes)
    {
        await pipe.Writer.WriteAsync(bytes);
    }

    private static async Task<string> NextText(MllpFrameReader reader)
    {
        var result = await reader.ReadFrameAsync(CancellationToken.None);
        Assert.Equal(MllpFrameStatus.Frame, result.Status);
        var text = Encoding.ASCII.GetString(result.Payload.ToArray());
        reader.Release();
        return text;
    }
}
