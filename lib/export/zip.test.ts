import { strFromU8, strToU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { concatBytes } from "./bytes";
import { crc32, crc32Table, createZipWriter } from "./zip";

function archive(files: [string, string][], mtime = new Date("2026-03-04T05:06:08Z")): Uint8Array {
  const zip = createZipWriter({ mtime });
  const parts = files.map(([name, content]) => zip.addFile(name, strToU8(content)));
  parts.push(zip.finish());
  return concatBytes(parts);
}

const view = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

describe("crc32", () => {
  it("gives the standard check value for 123456789", () => {
    expect(crc32(strToU8("123456789"))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32Table(strToU8("123456789"))).toBe(0xcbf43926);
  });

  it("agrees between the native and the JavaScript versions on text with emoji and CJK", () => {
    for (const s of ["", "a", "東京 👩🏽‍🍳 café", "harbour ".repeat(999)]) expect(crc32Table(strToU8(s))).toBe(crc32(strToU8(s)));
  });
});

describe("createZipWriter", () => {
  it("writes an archive that a ZIP reader opens with every name and byte intact", () => {
    const files: [string, string][] = [
      ["plain.txt", "hello\n"],
      ["東京-café-👩🏽‍🍳.ann", "T1\tEntity 0 2\t東京\n"],
      ["empty.txt", ""],
      ["long.txt", "harbour council ferry ".repeat(5000)],
    ];
    const unzipped = unzipSync(archive(files));
    expect(Object.keys(unzipped)).toEqual(files.map(([name]) => name));
    for (const [name, content] of files) expect(strFromU8(unzipped[name]!)).toBe(content);
  });

  it("compresses with DEFLATE, flags UTF-8 names and stores the modification time", () => {
    const bytes = archive([["a.txt", "abc ".repeat(1000)]]);
    const v = view(bytes);
    expect(v.getUint32(0, true)).toBe(0x04034b50);
    expect(v.getUint16(6, true) & 0x0800).toBe(0x0800);
    expect(v.getUint16(8, true)).toBe(8);
    const compressedSize = v.getUint32(18, true);
    expect(compressedSize).toBeLessThan(100);
    expect(v.getUint32(22, true)).toBe(4000);
    // 05:06:08 on 2026-03-04 in MS-DOS form.
    expect(v.getUint16(10, true)).toBe((5 << 11) | (6 << 5) | 4);
    expect(v.getUint16(12, true)).toBe(((2026 - 1980) << 9) | (3 << 5) | 4);
  });

  it("writes a classic end record, without ZIP64 records, for a small archive", () => {
    const bytes = archive([
      ["a.txt", "a"],
      ["b.txt", "b"],
    ]);
    const end = view(bytes.subarray(bytes.length - 22));
    expect(end.getUint32(0, true)).toBe(0x06054b50);
    expect(end.getUint16(10, true)).toBe(2);
    expect(view(bytes.subarray(bytes.length - 42)).getUint32(0, true)).not.toBe(0x07064b50);
  });

  it("writes ZIP64 end records once there are more than 65,534 files, and every file stays readable", () => {
    const count = 70_000;
    const files: [string, string][] = Array.from({ length: count }, (_, i) => [`doc-${i}.txt`, `text ${i}`]);
    const bytes = archive(files);

    const end = view(bytes.subarray(bytes.length - 22));
    expect(end.getUint32(0, true)).toBe(0x06054b50);
    expect(end.getUint16(10, true)).toBe(0xffff);
    const locator = view(bytes.subarray(bytes.length - 42, bytes.length - 22));
    expect(locator.getUint32(0, true)).toBe(0x07064b50);
    const zip64EndOffset = Number(locator.getBigUint64(8, true));
    const zip64End = view(bytes.subarray(zip64EndOffset));
    expect(zip64End.getUint32(0, true)).toBe(0x06064b50);
    expect(Number(zip64End.getBigUint64(32, true))).toBe(count);

    const unzipped = unzipSync(bytes);
    expect(Object.keys(unzipped)).toHaveLength(count);
    for (const i of [0, 65_534, 65_535, 65_536, count - 1]) expect(strFromU8(unzipped[`doc-${i}.txt`]!)).toBe(`text ${i}`);
  });

  it("refuses a file after finish", () => {
    const zip = createZipWriter({ mtime: new Date() });
    zip.finish();
    expect(() => zip.addFile("late.txt", strToU8("x"))).toThrow(/after finish/);
    expect(() => zip.finish()).toThrow(/twice/);
  });
});
