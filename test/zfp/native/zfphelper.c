/*
 * zfphelper: libzfp on the command line, for lossyml's interoperability tests and benchmark.
 * Streams are raw (no zfp header), as lossyml writes them; arrays are raw little-endian.
 *
 *   zfphelper compress   float|double NX NY MODE PARAM IN.raw OUT.zfp
 *   zfphelper decompress float|double NX NY MODE PARAM IN.zfp OUT.raw
 *   zfphelper bench      float|double NX NY NARRAYS MODE PARAM IN.raw REPS
 *   zfphelper wordbits   (prints the bit stream word size this libzfp was built with)
 *
 * NY = 0 for a 1-D array of NX values; otherwise a 2-D array with x (NX) varying fastest.
 * MODE: rate (bits per value, not word aligned), precision (bit planes), accuracy (tolerance),
 * and for bench only rel (tolerance = PARAM x the range of each array).
 * bench compresses NARRAYS consecutive arrays each as its own stream, REPS times, and prints
 * "bytes compress_seconds decompress_seconds" for the fastest pass of each.
 */
#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zfp.h>

static void die(const char* msg, const char* arg)
{
  fprintf(stderr, "zfphelper: %s%s\n", msg, arg ? arg : "");
  exit(2);
}

static void* read_file(const char* path, size_t* size)
{
  FILE* f = fopen(path, "rb");
  void* buf;
  long n;
  if (!f) die("cannot open ", path);
  fseek(f, 0, SEEK_END);
  n = ftell(f);
  fseek(f, 0, SEEK_SET);
  buf = malloc(n > 0 ? (size_t)n : 1);
  if (!buf || (n > 0 && fread(buf, 1, (size_t)n, f) != (size_t)n)) die("cannot read ", path);
  fclose(f);
  *size = (size_t)n;
  return buf;
}

static void write_file(const char* path, const void* buf, size_t size)
{
  FILE* f = fopen(path, "wb");
  if (!f || fwrite(buf, 1, size, f) != size) die("cannot write ", path);
  fclose(f);
}

static zfp_field* make_field(void* data, zfp_type type, size_t nx, size_t ny)
{
  return ny ? zfp_field_2d(data, type, nx, ny) : zfp_field_1d(data, type, nx);
}

static double array_range(const void* data, zfp_type type, size_t n)
{
  double lo = DBL_MAX, hi = -DBL_MAX;
  size_t i;
  for (i = 0; i < n; i++) {
    double v = type == zfp_type_float ? ((const float*)data)[i] : ((const double*)data)[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return n ? hi - lo : 0;
}

static void set_mode(zfp_stream* zfp, const char* mode, double param, zfp_type type, unsigned dims, const void* data, size_t n)
{
  if (!strcmp(mode, "rate"))
    zfp_stream_set_rate(zfp, param, type, dims, zfp_false);
  else if (!strcmp(mode, "precision"))
    zfp_stream_set_precision(zfp, (unsigned)param);
  else if (!strcmp(mode, "accuracy"))
    zfp_stream_set_accuracy(zfp, param);
  else if (!strcmp(mode, "rel") && data)
    zfp_stream_set_accuracy(zfp, param * array_range(data, type, n));
  else
    die("unknown mode ", mode);
}

static size_t compress_one(void* data, zfp_type type, size_t nx, size_t ny, const char* mode, double param, void* out, size_t cap)
{
  zfp_field* field = make_field(data, type, nx, ny);
  zfp_stream* zfp = zfp_stream_open(NULL);
  bitstream* bs = stream_open(out, cap);
  size_t size;
  set_mode(zfp, mode, param, type, ny ? 2 : 1, data, ny ? nx * ny : nx);
  zfp_stream_set_bit_stream(zfp, bs);
  zfp_stream_rewind(zfp);
  size = zfp_compress(zfp, field);
  if (!size) die("zfp_compress failed", NULL);
  stream_close(bs);
  zfp_stream_close(zfp);
  zfp_field_free(field);
  return size;
}

static void decompress_one(void* data, zfp_type type, size_t nx, size_t ny, const char* mode, double param, const void* in, size_t size, const void* orig)
{
  zfp_field* field = make_field(data, type, nx, ny);
  zfp_stream* zfp = zfp_stream_open(NULL);
  bitstream* bs = stream_open((void*)in, size);
  set_mode(zfp, mode, param, type, ny ? 2 : 1, orig, ny ? nx * ny : nx);
  zfp_stream_set_bit_stream(zfp, bs);
  zfp_stream_rewind(zfp);
  if (!zfp_decompress(zfp, field)) die("zfp_decompress failed", NULL);
  stream_close(bs);
  zfp_stream_close(zfp);
  zfp_field_free(field);
}

static double now(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

static int bench(zfp_type type, size_t nx, size_t ny, size_t narrays, const char* mode, double param, const char* path, int reps)
{
  size_t vsize = type == zfp_type_float ? 4 : 8, n = ny ? nx * ny : nx, bytes, total = 0, i, cap;
  char* data = read_file(path, &bytes);
  char* back = malloc(bytes ? bytes : 1);
  char** streams = calloc(narrays, sizeof(char*));
  size_t* sizes = calloc(narrays, sizeof(size_t));
  double best_c = 1e300, best_d = 1e300;
  int r;
  if (bytes != narrays * n * vsize) die("input size does not match the shape", NULL);
  cap = n * vsize * 2 + 1024;
  for (i = 0; i < narrays; i++) streams[i] = malloc(cap);
  for (r = 0; r < reps; r++) {
    double t0 = now(), t1;
    total = 0;
    for (i = 0; i < narrays; i++) {
      sizes[i] = compress_one(data + i * n * vsize, type, nx, ny, mode, param, streams[i], cap);
      total += sizes[i];
    }
    t1 = now();
    if (t1 - t0 < best_c) best_c = t1 - t0;
    t0 = now();
    for (i = 0; i < narrays; i++)
      decompress_one(back + i * n * vsize, type, nx, ny, mode, param, streams[i], sizes[i], data + i * n * vsize);
    t1 = now();
    if (t1 - t0 < best_d) best_d = t1 - t0;
  }
  printf("%zu %.9f %.9f\n", total, best_c, best_d);
  return 0;
}

int main(int argc, char** argv)
{
  zfp_type type;
  size_t nx, ny, n, vsize, size;
  double param;
  void *in, *out;
  if (argc < 2) die("usage: see the comment at the top of zfphelper.c", NULL);
  if (!strcmp(argv[1], "wordbits")) {
    printf("%u\n", (unsigned)stream_word_bits);
    return 0;
  }
  if (argc > 2 && !strcmp(argv[2], "float"))
    type = zfp_type_float;
  else if (argc > 2 && !strcmp(argv[2], "double"))
    type = zfp_type_double;
  else
    die("type must be float or double", NULL);
  vsize = type == zfp_type_float ? 4 : 8;
  if (!strcmp(argv[1], "bench")) {
    if (argc != 10) die("bench takes 8 arguments", NULL);
    return bench(type, strtoul(argv[3], NULL, 10), strtoul(argv[4], NULL, 10), strtoul(argv[5], NULL, 10), argv[6], strtod(argv[7], NULL), argv[8], atoi(argv[9]));
  }
  if (argc != 9) die("compress and decompress take 7 arguments", NULL);
  nx = strtoul(argv[3], NULL, 10);
  ny = strtoul(argv[4], NULL, 10);
  param = strtod(argv[6], NULL);
  n = ny ? nx * ny : nx;
  in = read_file(argv[7], &size);
  if (!strcmp(argv[1], "compress")) {
    size_t cap = n * vsize * 2 + 1024;
    if (size != n * vsize) die("input size does not match the shape", NULL);
    out = malloc(cap);
    size = compress_one(in, type, nx, ny, argv[5], param, out, cap);
    write_file(argv[8], out, size);
  }
  else if (!strcmp(argv[1], "decompress")) {
    out = malloc(n * vsize);
    decompress_one(out, type, nx, ny, argv[5], param, in, size, NULL);
    write_file(argv[8], out, n * vsize);
  }
  else
    die("unknown command ", argv[1]);
  return 0;
}
