//! From uploaded bytes to the variants we serve: the type is read from the content, the size
//! from the header before any pixel is decoded, the EXIF orientation applied, and every
//! variant re-encoded from pixels, so no metadata of the upload (GPS above all) survives.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::webp::WebPEncoder;
use image::imageops::FilterType;
use image::metadata::Orientation;
use image::{DynamicImage, ExtendedColorType, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits, RgbImage};
use sha2::{Digest, Sha256};

/// The largest upload accepted.
pub const MAX_BYTES: usize = 20 * 1024 * 1024;
/// The most pixels an image may have (40 megapixels).
pub const MAX_PIXELS: u64 = 40_000_000;
/// What the decoder may allocate: 40 megapixels of 8-bit RGBA, with room for its buffers.
const MAX_ALLOC: u64 = MAX_PIXELS * 4 + 64 * 1024 * 1024;
/// The width slots of the variants; an original narrower than a slot keeps its own width.
pub const SLOTS: [u32; 3] = [480, 960, 1600];
/// JPEG quality: small files, no visible blocks on photos.
const JPEG_QUALITY: u8 = 82;

/// Why an upload was refused; each is a message for the file field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    NotAnImage,
    TooManyPixels,
    TooBig,
}

impl Refusal {
    pub fn key(self) -> &'static str {
        match self {
            Refusal::NotAnImage => "media-error-not-image",
            Refusal::TooManyPixels => "media-error-too-many-pixels",
            Refusal::TooBig => "media-error-too-big",
        }
    }
}

/// `jpeg` or `webp`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Jpeg,
    Webp,
}

impl Format {
    pub fn code(self) -> &'static str {
        match self {
            Format::Jpeg => "jpeg",
            Format::Webp => "webp",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Webp => "webp",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Webp => "image/webp",
        }
    }

    pub fn from_extension(extension: &str) -> Option<Format> {
        match extension {
            "jpg" => Some(Format::Jpeg),
            "webp" => Some(Format::Webp),
            _ => None,
        }
    }

    pub fn from_code(code: &str) -> Option<Format> {
        [Format::Jpeg, Format::Webp].into_iter().find(|f| f.code() == code)
    }
}

/// One encoded variant.
#[derive(Debug)]
pub struct Variant {
    pub slot: u32,
    pub format: Format,
    pub width: u32,
    pub height: u32,
    pub bytes: Vec<u8>,
    /// A strong validator: the first 128 bits of the bytes' SHA-256, in hex.
    pub etag: String,
}

/// An upload turned into what we serve.
#[derive(Debug)]
pub struct Processed {
    /// Of the image as shown (after its orientation).
    pub width: u32,
    pub height: u32,
    pub variants: Vec<Variant>,
}

/// Checks and converts an upload: JPEG for every slot, and WebP for every slot when it is
/// smaller than the JPEG or the image has transparency (see [`keep_webp`]).
pub fn process(bytes: &[u8]) -> Result<Processed, Refusal> {
    if bytes.len() > MAX_BYTES {
        return Err(Refusal::TooBig);
    }
    let image = decode(bytes)?;
    let (width, height) = (image.width(), image.height());
    let transparent = image.color().has_alpha();
    let mut variants = Vec::new();
    let mut webp = None;
    // From the widest slot down, each resized from the one before: one big resize, two small.
    let mut current = image;
    for slot in SLOTS.into_iter().rev() {
        if current.width() > slot {
            let h = (u64::from(current.height()) * u64::from(slot)).div_ceil(u64::from(current.width()));
            let h = u32::try_from(h.max(1)).map_err(|_| Refusal::TooManyPixels)?;
            current = current.resize_exact(slot, h, FilterType::Lanczos3);
        }
        let jpeg = encode(slot, Format::Jpeg, &current)?;
        match webp {
            // The widest slot decides whether this image gets WebP at all (see `keep_webp`).
            None => {
                let widest = encode(slot, Format::Webp, &current)?;
                let keep = keep_webp(&jpeg, &widest, transparent);
                webp = Some(keep);
                if keep {
                    variants.push(widest);
                }
            }
            Some(true) => variants.push(encode(slot, Format::Webp, &current)?),
            Some(false) => {}
        }
        variants.push(jpeg);
    }
    variants.sort_by_key(|v| (v.slot, v.format.code()));
    Ok(Processed { width, height, variants })
}

/// `image` only encodes lossless WebP: smaller than JPEG for drawings, logos and screenshots,
/// four to seven times larger for photos (measured on real photos: 131 KB JPEG against 689 KB
/// WebP at 720 px). Serve it where it helps: when the widest WebP is smaller than the widest
/// JPEG, or when the image has transparency (which JPEG loses).
fn keep_webp(jpeg: &Variant, webp: &Variant, transparent: bool) -> bool {
    transparent || webp.bytes.len() < jpeg.bytes.len()
}

/// The pixels of an upload, the right way up. The format comes from the bytes (magic numbers),
/// the dimensions from the header, and nothing is decoded past the limits.
pub fn decode(bytes: &[u8]) -> Result<DynamicImage, Refusal> {
    let format = match image::guess_format(bytes) {
        Ok(format @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) => format,
        _ => return Err(Refusal::NotAnImage),
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(refusal)?;
    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 {
        return Err(Refusal::NotAnImage);
    }
    if u64::from(width) * u64::from(height) > MAX_PIXELS || decoder.total_bytes() > MAX_ALLOC {
        return Err(Refusal::TooManyPixels);
    }
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(refusal)?;
    image.apply_orientation(orientation);
    Ok(image)
}

fn refusal(error: ImageError) -> Refusal {
    match error {
        ImageError::Limits(_) => Refusal::TooManyPixels,
        _ => Refusal::NotAnImage,
    }
}

/// Encodes pixels only: neither encoder is given any metadata.
fn encode(slot: u32, format: Format, image: &DynamicImage) -> Result<Variant, Refusal> {
    let mut bytes = Vec::new();
    let (width, height) = (image.width(), image.height());
    let result = match format {
        Format::Jpeg => JpegEncoder::new_with_quality(&mut bytes, JPEG_QUALITY).encode_image(&flatten(image)),
        Format::Webp if image.color().has_alpha() => WebPEncoder::new_lossless(&mut bytes).encode(
            image.to_rgba8().as_raw(),
            width,
            height,
            ExtendedColorType::Rgba8,
        ),
        Format::Webp => WebPEncoder::new_lossless(&mut bytes).encode(
            image.to_rgb8().as_raw(),
            width,
            height,
            ExtendedColorType::Rgb8,
        ),
    };
    result.map_err(|_| Refusal::NotAnImage)?;
    let etag = Sha256::digest(&bytes).iter().take(16).map(|b| format!("{b:02x}")).collect();
    Ok(Variant { slot, format, width, height, bytes, etag })
}

/// The image on a white background (JPEG has no transparency).
fn flatten(image: &DynamicImage) -> RgbImage {
    if !image.color().has_alpha() {
        return image.to_rgb8();
    }
    let rgba = image.to_rgba8();
    RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let over = |c: u8| ((u16::from(c) * u16::from(a) + 255 * (255 - u16::from(a))) / 255) as u8;
        image::Rgb([over(r), over(g), over(b)])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let image = RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
        let mut bytes = Vec::new();
        image.write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png).unwrap();
        bytes
    }

    #[test]
    fn never_upscales() {
        let processed = process(&png(700, 350)).unwrap();
        let widths: Vec<_> = processed
            .variants
            .iter()
            .filter(|v| v.format == Format::Jpeg)
            .map(|v| (v.slot, v.width, v.height))
            .collect();
        assert_eq!(widths, [(480, 480, 240), (960, 700, 350), (1600, 700, 350)]);
    }

    #[test]
    fn refuses_what_is_not_an_image() {
        assert_eq!(process(b"GIF89a not for us").unwrap_err(), Refusal::NotAnImage);
        assert_eq!(process(b"hello, I am text").unwrap_err(), Refusal::NotAnImage);
        let mut cut = png(50, 50);
        cut.truncate(60);
        assert_eq!(process(&cut).unwrap_err(), Refusal::NotAnImage);
    }
}
