/// Photos and scanned images are reduced in the browser before they are sent (issue 20):
/// a phone photo of 4,000 px and 5 MB becomes about 2,000 px and a few hundred KB, still
/// sharp enough to read a form on screen, and eight times faster over a 32 kbit/s link.
/// A canvas does it (the pages have no other image code), unless the worker ticks "keep
/// the original". PDFs go as they are; without the script the files go as they are too.
enum ScanReduction {
    /// The longest side kept, in pixels, and the JPEG quality.
    static let maximumSide = 2000
    static let quality = 0.85

    static let js = """
        (function(){
          var form=document.getElementById('scan-form');
          if(!form||!window.DataTransfer||!HTMLCanvasElement.prototype.toBlob){return;}
          var input=document.getElementById('scan-file'),keep=document.getElementById('scan-original');
          var side=parseInt(form.dataset.reduce,10)||\(maximumSide),busy=false;
          var reduce=function(file){
            return new Promise(function(done){
              if(!/^image\\/(jpeg|png)$/.test(file.type)){done(file);return;}
              var url=URL.createObjectURL(file),img=new Image();
              img.onload=function(){
                var scale=Math.min(1,side/Math.max(img.naturalWidth,img.naturalHeight));
                if(scale>=1&&file.type==='image/jpeg'){URL.revokeObjectURL(url);done(file);return;}
                var canvas=document.createElement('canvas');
                canvas.width=Math.round(img.naturalWidth*scale);canvas.height=Math.round(img.naturalHeight*scale);
                var g=canvas.getContext('2d');g.fillStyle='#fff';g.fillRect(0,0,canvas.width,canvas.height);
                g.drawImage(img,0,0,canvas.width,canvas.height);URL.revokeObjectURL(url);
                canvas.toBlob(function(blob){
                  if(!blob||blob.size>=file.size){done(file);return;}
                  done(new File([blob],file.name.replace(/\\.(png|jpe?g)$/i,'')+'.jpg',{type:'image/jpeg'}));
                },'image/jpeg',\(quality));
              };
              img.onerror=function(){URL.revokeObjectURL(url);done(file);};
              img.src=url;
            });
          };
          form.addEventListener('submit',function(event){
            if(busy||keep.checked||!input.files.length){return;}
            event.preventDefault();busy=true;
            Promise.all(Array.prototype.map.call(input.files,reduce)).then(function(files){
              var list=new DataTransfer();files.forEach(function(f){list.items.add(f);});
              input.files=list.files;form.submit();
            });
          });
        })();
        """
}
